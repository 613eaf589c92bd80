// A plain-JavaScript SPA on /web/api, doing what a real one must: keep the session cookie, echo the XSRF-TOKEN
// cookie as X-XSRF-TOKEN on every state-changing request, and send one Idempotency-Key per order so a double click
// places one order.
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
      throw error;
    }
    return json;
  }

  function say(text) { $('message').textContent = text || ''; }

  function price(p) { return p ? p.amount + ' ' + p.currency : 'no price'; }

  async function refreshSession() {
    try {
      const me = await api('GET', '/web/api/session');
      $('who').textContent = 'Hello, ' + me.username + ' (' + me.customerId + ')';
      $('who').hidden = false; $('logout').hidden = false; $('login-form').hidden = true;
    } catch (e) {
      $('who').hidden = true; $('logout').hidden = true; $('login-form').hidden = false;
    }
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
      item.textContent = card.name + ' — ' + card.brand;
      const tag = document.createElement('span');
      tag.className = 'price';
      tag.textContent = price(card.price) + stock(card);
      item.appendChild(tag);
      item.addEventListener('click', () => showProduct(card.sku).catch((e) => say(e.message)));
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
      next.addEventListener('click', () => search(page + 1).catch((e) => say(e.message)));
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
      item.textContent = card.name + ' (' + price(card.price) + ')';
      item.addEventListener('click', () => showProduct(card.sku).catch((e) => say(e.message)));
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
          say(e.status === 401 ? 'Log in to order.' : 'Could not place the order: ' + e.message);
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
      say(e.message);
    }
  });
  $('logout').addEventListener('click', async () => {
    await api('DELETE', '/web/api/session');
    await api('GET', '/web/api/session').catch(() => null); // fetch a fresh CSRF cookie for the next login
    await refreshSession();
  });
  $('order').addEventListener('click', placeOrder);
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search(0).catch((e) => say(e.message));
  });
  $('home').addEventListener('click', () => loadHome().catch((e) => say(e.message)));

  refreshSession().then(loadHome).catch((e) => say(e.message));
})();
