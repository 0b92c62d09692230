// Quick entry: Enter in the person search finds people; it never sends the half-filled form.
(function () {
  'use strict'
  document.addEventListener('keydown', function (event) {
    var input = event.target
    if (event.key !== 'Enter' || !input.matches || !input.matches('[data-person-search]')) { return }
    event.preventDefault()
    if (window.htmx) { window.htmx.trigger(input, 'search') } else { input.form.querySelector('[data-person-find]').click() }
  })
})()
