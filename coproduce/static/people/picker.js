// The people picker as an ARIA combobox (WAI-ARIA Authoring Practices, "list autocomplete").
// Without JavaScript the same markup works with its Search button and a list of matches.
(function () {
  'use strict'
  var counter = 0

  function choose (picker, person) {
    var multiple = picker.dataset.multiple === 'true'
    var name = picker.dataset.name
    var chosen = picker.querySelector('[data-picker-chosen] div')
    var existing = picker.querySelector('input[name="' + name + '"][value="' + person.id + '"]')
    if (!multiple) {
      picker.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
        if (input !== existing) { input.closest('.govuk-radios__item').remove() }
      })
    }
    if (existing) {
      existing.checked = true
      chosen.appendChild(existing.closest('div'))
      return
    }
    var kind = multiple ? 'checkboxes' : 'radios'
    var item = document.createElement('div')
    item.className = 'govuk-' + kind + '__item'
    var input = document.createElement('input')
    input.className = 'govuk-' + kind + '__input'
    input.type = multiple ? 'checkbox' : 'radio'
    input.name = name
    input.value = person.id
    input.checked = true
    input.id = picker.querySelector('input[type=search]').id + '_chosen_' + person.id
    var label = document.createElement('label')
    label.className = 'govuk-label govuk-' + kind + '__label'
    label.htmlFor = input.id
    label.textContent = person.name + ' '
    var hint = document.createElement('span')
    hint.className = 'govuk-hint govuk-!-display-inline'
    hint.textContent = person.line
    label.appendChild(hint)
    item.appendChild(input)
    item.appendChild(label)
    chosen.appendChild(item)
  }

  function setUp (picker) {
    var input = picker.querySelector('input[type=search]')
    var results = picker.querySelector('[data-picker-results]')
    var list = document.createElement('ul')
    var status = document.createElement('div')
    var people = []
    var active = -1
    var timer = null
    var asked = 0
    list.id = input.id + '-listbox'
    list.className = 'app-picker__listbox'
    list.setAttribute('role', 'listbox')
    list.setAttribute('aria-label', input.labels[0].textContent)
    list.hidden = true
    status.className = 'govuk-visually-hidden'
    status.setAttribute('role', 'status')
    input.parentNode.insertAdjacentElement('afterend', list)
    picker.appendChild(status)
    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', list.id)

    function close () {
      list.hidden = true
      active = -1
      input.setAttribute('aria-expanded', 'false')
      input.removeAttribute('aria-activedescendant')
    }
    function highlight (index) {
      active = index
      list.querySelectorAll('[role=option]').forEach(function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false')
        if (i === index) {
          input.setAttribute('aria-activedescendant', option.id)
          option.scrollIntoView({ block: 'nearest' })
        }
      })
    }
    function pick (index) {
      if (index < 0 || index >= people.length) { return }
      choose(picker, people[index])
      status.textContent = people[index].name + ' ✓'
      input.value = ''
      results.innerHTML = ''
      close()
      input.focus()
    }
    function show (found) {
      people = found
      list.innerHTML = ''
      found.forEach(function (person, i) {
        var option = document.createElement('li')
        option.id = list.id + '-' + (++counter)
        option.setAttribute('role', 'option')
        option.setAttribute('aria-selected', 'false')
        option.className = 'app-picker__option'
        option.textContent = person.name + ' '
        var line = document.createElement('span')
        line.className = 'app-picker__line'
        line.textContent = person.line
        option.appendChild(line)
        option.addEventListener('mousedown', function (event) { event.preventDefault() })
        option.addEventListener('click', function () { pick(i) })
        list.appendChild(option)
      })
      if (!found.length) {
        status.textContent = picker.dataset.noneText
        results.innerHTML = '<p class="govuk-body govuk-!-margin-top-3"></p>'
        results.firstChild.textContent = picker.dataset.noneText
        close()
        return
      }
      results.innerHTML = ''
      status.textContent = found.length + ' ↓'
      list.hidden = false
      input.setAttribute('aria-expanded', 'true')
      highlight(-1)
    }
    function search () {
      var text = input.value.trim()
      var mine = ++asked
      if (!text) { close(); return }
      fetch(picker.dataset.searchUrl + '?q=' + encodeURIComponent(text), { credentials: 'same-origin' })
        .then(function (response) { return response.json() })
        .then(function (body) {
          if (mine !== asked) { return }
          if (body.error) { status.textContent = body.error; results.textContent = body.error; close(); return }
          show(body.results)
        })
    }
    input.addEventListener('input', function () {
      clearTimeout(timer)
      timer = setTimeout(search, 200)
    })
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') {
        event.preventDefault()
        if (list.hidden && people.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true') }
        highlight(Math.min(active + 1, people.length - 1))
      } else if (event.key === 'ArrowUp') {
        event.preventDefault()
        highlight(Math.max(active - 1, 0))
      } else if (event.key === 'Enter') {
        // Enter chooses the highlighted person (or the only match); it never sends the form.
        event.preventDefault()
        if (active >= 0) { pick(active) } else if (people.length === 1 && !list.hidden) { pick(0) } else { clearTimeout(timer); search() }
      } else if (event.key === 'Escape') {
        close()
      }
    })
    input.addEventListener('blur', function () { setTimeout(close, 150) })
    var button = picker.querySelector('[data-picker-button]')
    button.addEventListener('click', function (event) {
      event.preventDefault()
      clearTimeout(timer)
      search()
      input.focus()
    })
  }

  function start () {
    document.querySelectorAll('[data-module=app-picker]').forEach(function (picker) {
      if (!picker.dataset.ready) { picker.dataset.ready = '1'; setUp(picker) }
    })
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start) } else { start() }
})()
