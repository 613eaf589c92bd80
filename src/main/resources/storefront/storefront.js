// A plain-JavaScript SPA on /web/api, doing what a real one must: keep the session cookie, echo the XSRF-TOKEN
// cookie as X-XSRF-TOKEN on every state-changing request, and send one Idempotency-Key per order so a double click
// places one order. Logging in is the password form or an OpenID Connect provider (the browser goes there and comes
// back logged in, holding nothing but the session cookie); logging out of such a session goes through the provider
// too; a session the provider no longer renews ends as "session expired" (401 urn:prism:problem:session-expired).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let current = null;       // the product on screen
  let orderKey = null;      // the Idempotency-Key of the order being placed

  function csrf() {
    const match = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  async function api(method, path, body, headers) {
    const options = { method, credentials: 'same-origin', headers: Object.assign({ 'Accept': 'application/json' }, headers || {}) };
    if (method !== 'GET') {
      options.headers['X-XSRF-TOKEN'] = csrf();
    }
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((json && (json.detail || json.title)) || response.statusText);
      error.status = response.status;
      error.type = json && json.type;
      if (error.type === 'urn:prism:problem:session-expired') { sessionExpired(); }
      throw error;
    }
    return json;
  }

  // The server ended the session (its provider refused to renew the login, or it reached its maximum lifetime):
  // show the shop logged out, say why once, and offer the logins again. Public pages go on working.
  function sessionExpired() {
    $('session-expired').hidden = false;
    $('account').hidden = true;
    showLoggedOut();
    api('GET', '/web/api/session').catch(() => null); // a fresh CSRF cookie for the next login
  }

  function showLoggedOut() {
    $('who').hidden = true; $('logout').hidden = true; $('account-button').hidden = true;
    $('login-form').hidden = false; $('oidc-logins').hidden = false;
  }

  // The OpenID Connect logins the server offers (none: only the password form).
  async function loadLogins() {
    const logins = await api('GET', '/web/api/session/logins').catch(() => ({ items: [] }));
    const box = $('oidc-logins');
    box.innerHTML = '';
    logins.items.forEach((login) => {
      const link = document.createElement('a');
      link.className = 'button oidc-login';
      link.id = 'login-' + login.id;
      link.href = login.url;
      link.textContent = 'Log in with ' + login.name;
      box.appendChild(link);
    });
  }

  function say(text) { $('message').textContent = text || ''; }

  // A failed call's message, but for an expired session, which has its own notice.
  function report(e) { if (e.type !== 'urn:prism:problem:session-expired') { say(e.message); } }

  function price(p) { return p ? p.amount + ' ' + p.currency : 'no price'; }

  async function refreshSession() {
    try {
      const me = await api('GET', '/web/api/session');
      $('who').textContent = 'Hello, ' + me.username + ' (' + me.customerId + ')';
      $('who').hidden = false; $('logout').hidden = false; $('account-button').hidden = false;
      $('login-form').hidden = true; $('oidc-logins').hidden = true;
      $('session-expired').hidden = true;
    } catch (e) {
      showLoggedOut();
    }
  }

  async function showAccount() {
    const account = await api('GET', '/web/api/account');
    $('account').hidden = false;
    $('account-profile').textContent = account.name + ' · ' + account.email + ' · ' + account.tier;
    const orders = $('account-orders');
    orders.innerHTML = '';
    (account.recentOrders || []).forEach((order) => {
      const item = document.createElement('li');
      item.dataset.orderId = order.id;
      item.textContent = order.id + ' · ' + (order.status || '') + ' · ' + order.total + ' ' + order.currency + ' · '
        + order.lines.map((line) => line.quantity + ' × ' + (line.name || line.sku)).join(', ');
      orders.appendChild(item);
    });
  }

  function picture(url, alt, className) {
    const image = document.createElement('img');
    image.className = className;
    image.alt = alt;
    if (url) { image.src = url; }
    return image;
  }

  // Optional sections the BFF could not fill are named in "degraded"; the page shows what it has and says so.
  function showDegraded(element, sections) {
    element.hidden = !sections || sections.length === 0;
    element.textContent = element.hidden ? '' : 'Some sections are unavailable right now: ' + sections.join(', ');
  }

  function stock(card) { return card.availability ? ' · ' + card.availability.status.replace(/_/g, ' ').toLowerCase() : ''; }

  function showCards(cards) {
    const list = $('products');
    list.innerHTML = '';
    cards.forEach((card) => {
      const item = document.createElement('li');
      item.dataset.sku = card.sku;
      item.appendChild(picture(card.thumbnail, card.name, 'thumbnail'));
      item.appendChild(document.createTextNode(card.name + ' — ' + card.brand));
      const tag = document.createElement('span');
      tag.className = 'price';
      tag.textContent = price(card.price) + stock(card);
      item.appendChild(tag);
      item.addEventListener('click', () => showProduct(card.sku).catch(report));
      list.appendChild(item);
    });
  }

  async function loadHome() {
    const home = await api('GET', '/web/api/home');
    $('catalog-title').textContent = 'Featured';
    $('layout').textContent = home.experiments && home.experiments['home-layout'] ? 'layout: ' + home.experiments['home-layout'] : '';
    $('layout').dataset.layout = (home.experiments && home.experiments['home-layout']) || '';
    $('products').className = 'layout-' + $('layout').dataset.layout;
    showDegraded($('catalog-degraded'), home.degraded);
    showCards(home.featured);
    $('catalog-meta').textContent = '';
  }

  async function search(page) {
    const q = $('q').value.trim();
    const result = await api('GET', '/web/api/products?q=' + encodeURIComponent(q) + '&page=' + page);
    $('catalog-title').textContent = 'Results for "' + q + '"';
    $('layout').textContent = '';
    showDegraded($('catalog-degraded'), result.degraded);
    showCards(result.items);
    const meta = $('catalog-meta');
    meta.textContent = result.total + ' found, page ' + (result.page + 1) + ' ';
    if (result.hasNext) {
      const next = document.createElement('button');
      next.id = 'next-page';
      next.type = 'button';
      next.textContent = 'Next page';
      next.addEventListener('click', () => search(page + 1).catch(report));
      meta.appendChild(next);
    }
  }

  async function showProduct(sku) {
    say('');
    const page = await api('GET', '/web/api/products/' + encodeURIComponent(sku));
    current = page;
    orderKey = null;
    $('detail').hidden = false;
    $('detail-name').textContent = page.name;
    const main = page.images && page.images.length > 0 ? page.images[0] : null;
    $('detail-image').hidden = !main;
    if (main) { $('detail-image').src = main.url + (main.url.indexOf('?') < 0 ? '?w=480' : '&w=480'); $('detail-image').alt = page.name; }
    $('detail-price').textContent = 'Price: ' + price(page.price);
    $('detail-stock').textContent = page.availability ? 'Stock: ' + page.availability.status : '';
    $('detail-rating').textContent = page.rating ? 'Rated ' + page.rating.average + ' by ' + page.rating.count : '';
    const reviews = $('detail-reviews');
    reviews.innerHTML = '';
    (page.topReviews || []).forEach((review) => {
      const item = document.createElement('li');
      item.textContent = '★'.repeat(review.rating) + ' ' + review.title + ' — ' + review.author;
      reviews.appendChild(item);
    });
    showDegraded($('detail-degraded'), page.degraded);
    $('confirmation').textContent = '';
    const recommendations = $('recommendations');
    recommendations.innerHTML = '';
    (page.recommendations || []).forEach((card) => {
      const item = document.createElement('li');
      item.appendChild(picture(card.thumbnail, card.name, 'thumbnail small'));
      item.appendChild(document.createTextNode(card.name + ' (' + price(card.price) + ')'));
      item.addEventListener('click', () => showProduct(card.sku).catch(report));
      recommendations.appendChild(item);
    });
  }

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function placeOrder() {
    if (!current) { return; }
    // One key per order: a double click or a retry after a network error reuses it, so one order is placed.
    if (!orderKey) { orderKey = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9-]/g, ''); }
    const button = $('order');
    button.disabled = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const order = await api('POST', '/web/api/orders',
            { lines: [{ sku: current.sku, quantity: Number($('quantity').value) }] }, { 'Idempotency-Key': orderKey });
          $('confirmation').textContent = 'Order ' + order.id + ' placed: ' + order.total + ' ' + order.currency;
          $('confirmation').dataset.orderId = order.id;
          say('');
          return;
        } catch (e) {
          // 409: the same order is still being placed (another tab, a retry): ask again with the same key.
          if (e.status === 409 && attempt < 10) { await pause(300); continue; }
          if (e.type !== 'urn:prism:problem:session-expired') {
            say(e.status === 401 ? 'Log in to order.' : 'Could not place the order: ' + e.message);
          }
          return;
        }
      }
    } finally {
      button.disabled = false;
    }
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/web/api/session', { username: $('username').value, password: $('password').value });
      $('password').value = '';
      say('');
      await refreshSession();
    } catch (e) {
      report(e);
    }
  });
  $('logout').addEventListener('click', async () => {
    // A session logged in through a provider answers where the provider ends its own session too; the provider
    // then sends the browser back here. A password session answers 204.
    const answer = await api('DELETE', '/web/api/session').catch((e) => (e.status === 401 ? null : Promise.reject(e)));
    if (answer && answer.logoutUrl) {
      window.location.assign(answer.logoutUrl);
      return;
    }
    $('account').hidden = true;
    await api('GET', '/web/api/session').catch(() => null); // fetch a fresh CSRF cookie for the next login
    await refreshSession();
  });
  $('account-button').addEventListener('click', () => showAccount().catch(report));
  $('order').addEventListener('click', placeOrder);
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search(0).catch(report);
  });
  $('home').addEventListener('click', () => loadHome().catch(report));

  loadLogins();
  refreshSession().then(loadHome).catch(report);
})();
