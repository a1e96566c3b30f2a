// GOV.UK Frontend styles its JavaScript-enhanced components only when the body says scripts run. Set here, in
// the bundle, because the Content-Security-Policy (script-src 'self') allows no inline script.
document.body.classList.add('govuk-frontend-supported');
