// Quick entry: Enter in the person search finds people; it never sends the half-filled form.
// "Someone in People" and "Someone new" reveal only their own fields. (GOV.UK's conditional
// radios would do this too, but they put aria-expanded on radios, which ARIA does not allow.)
(function () {
  'use strict'
  function reveal () {
    document.querySelectorAll('input[data-reveals]').forEach(function (radio) {
      var target = document.getElementById(radio.dataset.reveals)
      if (target) { target.classList.toggle('govuk-radios__conditional--hidden', !radio.checked) }
    })
  }
  document.addEventListener('change', function (event) {
    if (event.target.name === 'who') { reveal() }
  })
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', reveal) } else { reveal() }
  document.addEventListener('keydown', function (event) {
    var input = event.target
    if (event.key !== 'Enter' || !input.matches || !input.matches('[data-person-search]')) { return }
    event.preventDefault()
    if (window.htmx) { window.htmx.trigger(input, 'search') } else { input.form.querySelector('[data-person-find]').click() }
  })
})()
