'use strict';
// Messages of the queue view sign-in page (login.html), from the redirect's query string.
(function () {
  var params = new URLSearchParams(window.location.search);
  var box = document.getElementById('login-message');
  if (!box) return;
  if (params.get('failed')) {
    box.textContent = 'That is not the admin key.';
    box.hidden = false;
  } else if (params.get('signedOut')) {
    box.textContent = 'Signed out of the queue view.';
    box.className = 'notice';
    box.hidden = false;
  }
})();
