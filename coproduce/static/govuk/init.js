// Runs at the top of <body>: mark the page as having JavaScript before it is drawn.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
