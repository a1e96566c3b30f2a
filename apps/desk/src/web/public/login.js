'use strict';
document.getElementById('login-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var username = document.getElementById('username').value.trim();
  var password = document.getElementById('password').value;
  var error = document.getElementById('login-error');
  error.textContent = '';
  Desk.api('POST', '/v1/auth/login', { username: username, password: password })
    .then(function (res) {
      Desk.signIn(res.accessToken, { username: username.toLowerCase(), role: res.role });
      location.href = 'index.html';
    })
    .catch(function (e) {
      error.textContent = e.status === 423 ? e.message : 'Wrong username or password.';
      document.getElementById('password').value = '';
      document.getElementById('password').focus();
    });
});
