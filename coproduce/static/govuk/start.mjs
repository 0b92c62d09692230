// Starts GOV.UK Frontend's components; kept out of the page so the CSP needs no inline script.
import { initAll } from './govuk-frontend.min.js'

initAll()
