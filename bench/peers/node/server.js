'use strict';
// A hand-written Node.js BFF for bench/peers.sh: what a team would build instead of Prism for the three endpoints the
// benchmark drives, doing the same work per request — partner GET /partner/api/v1/availability (X-Api-Key checked by
// its SHA-256 in constant time, an in-memory token-bucket quota with RateLimit-* headers, the skus validated, one
// inventory call), mobile GET /mobile/api/products/:sku (HS256 JWT with exp, sub and audience checked, four parallel
// calls, weak ETag / If-None-Match as Prism's), web GET /web/api/products/:sku (anonymous, two waves of parallel
// calls). Every request echoes or gets an X-Request-Id and runs under its channel's deadline; every upstream call has a
// connect and a read timeout (never past the deadline) on a keep-alive undici pool per upstream; errors are
// application/problem+json as Prism writes them. Differences from Prism on purpose are listed in bench/README.md.
//
// Configuration (environment): PEER_PORT (8096), PEER_WORKERS (2: a cluster of that many processes; 1: no cluster),
// CATALOG_URL, PRICING_URL, INVENTORY_URL, REVIEWS_URL, RECOMMENDATIONS_URL (base URLs, e.g.
// http://127.0.0.1:9101/catalog), MOBILE_JWT_SECRET, MOBILE_JWT_AUDIENCE (mobile), PARTNER_KEYS
// ("id/sha256hex/requestsPerMinute/scope scope,..."), UPSTREAM_TOKEN (a static bearer token sent on every upstream call,
// as Prism's prism.upstreams.<service>.token), UPSTREAM_CONNECTIONS (512 per upstream), MAX_CONCURRENT_REQUESTS (2048
// per channel, as the bench raises Prism's).
const cluster = require('node:cluster');
const crypto = require('node:crypto');

const env = process.env;
const WORKERS = Number(env.PEER_WORKERS || 2);

if (WORKERS > 1 && cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    console.error(`worker ${worker.process.pid} exited (${signal || code})`);
    process.exit(1); // fail loudly: a benchmark must not go on with fewer workers
  });
  return;
}

const fastify = require('fastify');
const { Pool } = require('undici');

function required(name) {
  const value = env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

// --- upstreams: one keep-alive pool per service, Prism's connect and read timeouts (application.yml) ---
const READ_TIMEOUT = { catalog: 2000, pricing: 1000, inventory: 1000, reviews: 1000, recommendations: 1000 };
const CONNECT_TIMEOUT = 500;
const upstreams = {};
for (const service of Object.keys(READ_TIMEOUT)) {
  const url = new URL(required(`${service.toUpperCase()}_URL`));
  upstreams[service] = {
    service,
    path: url.pathname.replace(/\/$/, ''),
    pool: new Pool(url.origin, {
      connections: Number(env.UPSTREAM_CONNECTIONS || 512),
      connect: { timeout: CONNECT_TIMEOUT },
      keepAliveTimeout: 30_000,
      pipelining: 1,
    }),
    readTimeout: READ_TIMEOUT[service],
  };
}

/** An error answered as a problem detail. */
class Problem extends Error {
  // instance: whether the body names the request's path, as Prism's controller advice does (its filters do not).
  constructor(status, kind, title, detail, retryAfter, headers, instance = true) {
    super(detail);
    this.instance = instance;
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.retryAfter = retryAfter;
    this.headers = headers;
  }
}
const notFound = (service) => new Problem(404, 'not-found', 'Not found', `The ${service} service does not know this resource.`);
const timedOut = (service) => new Problem(504, 'upstream-timeout', 'Gateway timeout',
  `The ${service} service did not answer in time. Try again later.`, 1);
const unavailable = (service) => new Problem(503, 'upstream-unavailable', 'Service unavailable',
  `The ${service} service is unavailable. Try again later.`, 5);
const malformed = (service) => new Problem(502, 'upstream-malformed', 'Bad gateway',
  `The ${service} service answered with an unexpected response.`, 5);
const rejected = (service) => new Problem(422, 'upstream-rejected', 'Request rejected',
  `The ${service} service rejected the request.`);
const invalid = (detail) => new Problem(400, 'invalid-request', 'Invalid request', detail);

const UPSTREAM_HEADERS = env.UPSTREAM_TOKEN
  ? { accept: 'application/json', authorization: `Bearer ${env.UPSTREAM_TOKEN}` } : { accept: 'application/json' };
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** GET base + path as JSON (X-Request-Id passed on), within the read timeout and the request's deadline (ctx); failures as Prism translates them. */
async function get(upstream, path, ctx) {
  const left = ctx.deadline - Date.now();
  if (left <= 0) throw timedOut(upstream.service);
  const timeout = Math.min(upstream.readTimeout, left);
  let response;
  try {
    response = await upstream.pool.request({
      method: 'GET', path: upstream.path + path, headers: { ...UPSTREAM_HEADERS, 'x-request-id': ctx.requestId },
      headersTimeout: timeout, bodyTimeout: timeout,
    });
  } catch (error) {
    throw TIMEOUT_CODES.has(error.code) ? timedOut(upstream.service) : unavailable(upstream.service);
  }
  const status = response.statusCode;
  if (status !== 200) {
    response.body.dump().catch(() => {});
    if (status === 404) throw notFound(upstream.service);
    if (status === 408 || status === 504) throw timedOut(upstream.service);
    if (status >= 400 && status < 500) throw rejected(upstream.service);
    throw unavailable(upstream.service);
  }
  let text;
  try {
    text = await response.body.text();
  } catch (error) {
    throw TIMEOUT_CODES.has(error.code) ? timedOut(upstream.service) : unavailable(upstream.service);
  }
  try {
    const body = JSON.parse(text);
    if (body === null || typeof body !== 'object') throw new Error('not an object');
    return body;
  } catch {
    throw malformed(upstream.service);
  }
}

/** A branch of a fan-out: its value, or null with its section added to degraded when it failed. */
async function optional(promise, degraded, section) {
  try {
    return await promise;
  } catch {
    if (!degraded.includes(section)) degraded.push(section);
    return null;
  }
}
const SECTIONS = ['price', 'availability', 'reviews', 'recommendations'];
const ordered = (degraded) => SECTIONS.filter((section) => degraded.includes(section));

const SKU = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const byKey = (list, key = 'sku') => {
  const map = new Map();
  for (const item of list || []) if (!map.has(item[key])) map.set(item[key], item);
  return map;
};
const q = encodeURIComponent;
const prices = (skus, ctx) => get(upstreams.pricing, `/prices?skus=${q(skus.join(','))}`, ctx)
  .then((body) => byKey(body.prices));
const stock = (skus, ctx) => get(upstreams.inventory, `/availability?skus=${q(skus.join(','))}`, ctx)
  .then((body) => byKey(body.items));
const product = (sku, ctx) => get(upstreams.catalog, `/products/${q(sku)}`, ctx);
const reviews = (sku, limit, ctx) => get(upstreams.reviews, `/products/${q(sku)}/reviews?limit=${limit}`, ctx);
const inStock = (availability) => availability.status !== 'OUT_OF_STOCK';
const thumbnail = (item, width) => {
  const url = item.images && item.images.length > 0 ? item.images[0].url : null;
  return url == null ? undefined : `${url}${url.includes('?') ? '&' : '?'}w=${width}`;
};
// Currency.getInstance(code).getSymbol(Locale.UK) for the currencies the demo uses; other codes as Java shows them.
const SYMBOLS = { EUR: '€', GBP: '£', USD: 'US$' };
const formatted = (price) => price == null ? null
  : /^[A-Z]{3}$/.test(price.currency) ? (SYMBOLS[price.currency] || price.currency) + price.amount
    : `${price.amount} ${price.currency}`;

// --- request ids, deadlines, load shedding, problem details ---
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const requestId = (request) => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : crypto.randomBytes(12).toString('hex');
};
const CHANNELS = {
  partner: { deadline: 3000, max: Number(env.MAX_CONCURRENT_REQUESTS || 2048), inFlight: 0 },
  mobile: { deadline: 1200, max: Number(env.MAX_CONCURRENT_REQUESTS || 2048), inFlight: 0 },
  web: { deadline: 2000, max: Number(env.MAX_CONCURRENT_REQUESTS || 2048), inFlight: 0 },
};

function sendProblem(reply, problem, request) {
  const body = { type: `urn:prism:problem:${problem.kind}`, title: problem.title, status: problem.status,
    detail: problem.message, instance: problem.instance ? request.raw.url.split('?')[0] : undefined,
    requestId: reply.requestId };
  if (problem.headers) reply.headers(problem.headers);
  if (problem.retryAfter) reply.header('retry-after', String(problem.retryAfter));
  return reply.code(problem.status).header('cache-control', 'no-store')
    .header('content-type', 'application/problem+json').send(JSON.stringify(body));
}

// Spring Security's default response headers, which Prism's answers carry (a team would add them with helmet).
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-xss-protection': '0', 'x-frame-options': 'DENY' };

/** A channel's handler: X-Request-Id, parameter pollution check, load shedding, deadline, problems. */
function channel(name, handler) {
  const settings = CHANNELS[name];
  return async (request, reply) => {
    reply.requestId = requestId(request);
    reply.header('x-request-id', reply.requestId);
    reply.headers(SECURITY_HEADERS);
    const query = request.raw.url.indexOf('?');
    if (query >= 0) {
      const names = new Set();
      for (const pair of request.raw.url.slice(query + 1).split('&')) {
        const eq = pair.indexOf('=');
        const key = eq < 0 ? pair : pair.slice(0, eq);
        if (key && names.has(key)) {
          return sendProblem(reply, new Problem(400, 'invalid-request', 'Invalid request', `Query parameter '${
            key.length > 40 ? key.slice(0, 40) : key.replace(/[^A-Za-z0-9_.-]/g, '?')}' is given more than once.`,
          undefined, undefined, false), request);
        }
        names.add(key);
      }
    }
    if (settings.inFlight >= settings.max) {
      return sendProblem(reply, new Problem(503, 'overloaded', 'Service unavailable',
        `Too many requests in flight on the ${name} channel. Retry in a moment.`, 1, undefined, false), request);
    }
    settings.inFlight++;
    try {
      return await handler(request, reply, { deadline: Date.now() + settings.deadline, requestId: reply.requestId });
    } catch (error) {
      if (error instanceof Problem) return sendProblem(reply, error, request);
      request.log.error(error);
      return sendProblem(reply, new Problem(500, 'internal-error', 'Internal Server Error',
        'An unexpected error occurred. Quote the requestId when reporting it.'), request);
    } finally {
      settings.inFlight--;
    }
  };
}

// --- partner: API keys (SHA-256 digests only, every one compared in constant time) and quotas ---
const partners = required('PARTNER_KEYS').split(',').map((entry) => {
  const [id, hash, perMinute, scopes] = entry.split('/');
  return { id, digest: Buffer.from(hash.trim().toLowerCase(), 'hex'), perMinute: Number(perMinute),
    scopes: new Set((scopes || '').split(' ').filter(Boolean)) };
});
const unauthorizedPartner = () => new Problem(401, 'unauthorized', 'Unauthorized',
  'Send a valid partner API key in the X-Api-Key header.', undefined, { 'www-authenticate': 'ApiKey header="X-Api-Key"' },
  false);

function partnerOf(key) {
  const digest = crypto.createHash('sha256').update(key).digest();
  let match = null;
  for (const partner of partners) {
    if (crypto.timingSafeEqual(digest, partner.digest) && match === null) match = partner;
  }
  return match;
}

/** A token bucket per partner, refilled greedily over a minute (Bucket4j's refillGreedy); per worker process. */
const buckets = new Map();
function consume(partner) {
  const capacity = Math.max(1, Math.floor(partner.perMinute / WORKERS));
  const perMs = capacity / 60_000;
  const now = Date.now();
  let bucket = buckets.get(partner.id);
  if (!bucket) buckets.set(partner.id, bucket = { tokens: capacity, at: now });
  bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
  bucket.at = now;
  const allowed = bucket.tokens >= 1;
  if (allowed) bucket.tokens -= 1;
  return { allowed, limit: capacity, remaining: Math.floor(bucket.tokens),
    reset: Math.ceil((capacity - bucket.tokens) / perMs / 1000),
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
}

const MAX_SKUS = 100;
function parseSkus(skus) {
  if (typeof skus !== 'string' || skus.trim() === '') {
    throw invalid(typeof skus === 'string' ? 'skus: must not be blank.' : "Required parameter 'skus' is missing.");
  }
  if (skus.length > 7000) throw invalid('skus: size must be between 0 and 7000.');
  const parsed = new Set();
  for (const part of skus.split(',')) {
    const sku = part.trim();
    if (sku === '') continue;
    if (!SKU.test(sku)) throw invalid("Malformed sku: skus are letters, digits and '-', at most 64.");
    parsed.add(sku);
    if (parsed.size > MAX_SKUS) break;
  }
  if (parsed.size === 0 || parsed.size > MAX_SKUS) throw invalid(`Ask for 1 to ${MAX_SKUS} skus.`);
  return [...parsed];
}

async function partnerAvailability(request, reply, ctx) {
  const key = request.headers['x-api-key'];
  const partner = typeof key === 'string' ? partnerOf(key) : null;
  if (partner === null) throw unauthorizedPartner();
  const probe = consume(partner);
  reply.header('ratelimit-limit', String(probe.limit)).header('ratelimit-remaining', String(probe.remaining))
    .header('ratelimit-reset', String(probe.reset));
  if (!probe.allowed) {
    throw new Problem(429, 'quota-exceeded', 'Too many requests', `Your quota of ${probe.limit} requests per minute `
      + `is used up. Retry after ${probe.retryAfter} s.`, probe.retryAfter, undefined, false);
  }
  if (!partner.scopes.has('catalog:read')) {
    throw new Problem(403, 'forbidden', 'Forbidden', 'The request was rejected: Forbidden.', undefined, undefined, false);
  }
  const wanted = parseSkus(request.query.skus);
  const found = await stock(wanted, ctx);
  const items = [];
  for (const sku of wanted) {
    const item = found.get(sku);
    if (item) items.push({ sku: item.sku, status: item.status, quantity: item.quantity });
  }
  return reply.header('cache-control', 'no-cache, private').type('application/json').send(JSON.stringify({ items }));
}

// --- mobile: HS256 app tokens ---
const JWT_KEY = Buffer.from(required('MOBILE_JWT_SECRET'), 'utf8');
const AUDIENCE = env.MOBILE_JWT_AUDIENCE || 'mobile';
const CLOCK_SKEW = 30;
const badToken = (description) => new Problem(401, 'unauthorized', 'Unauthorized',
  'Send a valid app token: Authorization: Bearer <JWT>.', undefined, {
    'www-authenticate': `Bearer error="invalid_token", error_description="${description}", `
      + 'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' }, false);
const noToken = () => new Problem(401, 'unauthorized', 'Unauthorized',
  'Send a valid app token: Authorization: Bearer <JWT>.', undefined, { 'www-authenticate': 'Bearer' }, false);

function verify(authorization) {
  if (typeof authorization !== 'string' || !/^bearer /i.test(authorization)) throw noToken();
  const token = authorization.slice(7).trim();
  const parts = token.split('.');
  if (parts.length !== 3) throw badToken('Malformed token');
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw badToken('Malformed token');
  }
  if (header.alg !== 'HS256') throw badToken('Unsupported algorithm');
  const expected = crypto.createHmac('sha256', JWT_KEY).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw badToken('Invalid signature');
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number') throw badToken('The exp claim is missing');
  if (claims.exp + CLOCK_SKEW < now) throw badToken('Jwt expired');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW > now) throw badToken('Jwt used before nbf');
  if (typeof claims.sub !== 'string' || claims.sub.trim() === '') throw badToken('The sub claim is not valid');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(AUDIENCE)) throw badToken('The aud claim is not valid');
  return claims;
}

function checkSku(sku) {
  if (!SKU.test(sku)) throw invalid('sku: must match "[A-Za-z0-9][A-Za-z0-9-]{0,63}".');
}

async function mobileProduct(request, reply, ctx) {
  verify(request.headers.authorization);
  const { sku } = request.params;
  checkSku(sku);
  const include = request.query.include;
  if (include !== undefined && include !== 'description') throw invalid('include: must match "description".');
  const degraded = [];
  const price = optional(prices([sku], ctx), degraded, 'price');
  const availability = optional(stock([sku], ctx), degraded, 'availability');
  const rating = optional(reviews(sku, 0, ctx), degraded, 'reviews');
  const item = await product(sku, ctx);
  const [priceBySku, stockBySku, summary] = await Promise.all([price, availability, rating]);
  const skuPrice = priceBySku && priceBySku.get(sku);
  const detail = {
    sku: item.sku, name: item.name, brand: item.brand, thumbnail: thumbnail(item, 240),
    price: formatted(skuPrice),
    inStock: stockBySku ? stockBySku.has(sku) && inStock(stockBySku.get(sku)) : undefined,
    rating: summary ? summary.averageRating : undefined, reviews: summary ? summary.count : undefined,
    description: include === 'description' && item.description != null ? item.description : undefined,
    degraded: degraded.length > 0 ? ordered(degraded) : undefined,
  };
  const body = JSON.stringify(detail);
  // Weak ETag as Spring's ShallowEtagHeaderFilter writes it: W/"0" + MD5 of the body.
  const etag = `W/"0${crypto.createHash('md5').update(body).digest('hex')}"`;
  reply.header('cache-control', 'no-cache, private').header('etag', etag);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.slice(2))) {
    return reply.code(304).send();
  }
  return reply.type('application/json').send(body);
}

// --- web: the anonymous product page ---
const priceView = (price) => price == null ? null : {
  currency: price.currency, amount: price.amount, listAmount: price.listAmount ?? undefined,
  savingsPercent: price.savingsPercent ?? undefined };
const availabilityView = (availability) => availability == null ? undefined : {
  status: availability.status, quantity: availability.quantity, inStock: inStock(availability) };

async function recommendationCards(skus, degraded, ctx) {
  if (skus.length === 0) return [];
  const wanted = [...new Set(skus)];
  const products = optional(get(upstreams.catalog, `/products?skus=${q(wanted.join(','))}`, ctx), degraded,
    'recommendations');
  const priceBySku = optional(prices(wanted, ctx), degraded, 'price');
  const stockBySku = optional(stock(wanted, ctx), degraded, 'availability');
  const [found, priced, stocked] = await Promise.all([products, priceBySku, stockBySku]);
  const bySku = byKey(found ? found.items : []);
  const cards = [];
  for (const sku of wanted) {
    const item = bySku.get(sku);
    if (!item) continue;
    cards.push({ sku: item.sku, name: item.name, brand: item.brand, category: item.category,
      thumbnail: thumbnail(item, 480), price: priceView(priced && priced.get(sku)),
      availability: availabilityView(stocked && stocked.get(sku)) });
  }
  return cards;
}

async function webProduct(request, reply, ctx) {
  const { sku } = request.params;
  checkSku(sku);
  const degraded = [];
  const price = optional(prices([sku], ctx), degraded, 'price');
  const availability = optional(stock([sku], ctx), degraded, 'availability');
  const productReviews = optional(reviews(sku, 3, ctx), degraded, 'reviews');
  const recommended = optional(get(upstreams.recommendations,
    `/recommendations?sku=${q(sku)}&limit=4`, ctx).then((body) => body.skus || []), degraded, 'recommendations');
  const item = await product(sku, ctx);
  const cards = recommended.then((skus) => skus ? recommendationCards(skus, degraded, ctx) : []);
  const [recommendations, priceBySku, stockBySku, review] = await Promise.all([cards, price, availability,
    productReviews]);
  const page = {
    sku: item.sku, name: item.name, brand: item.brand, category: item.category,
    description: item.description ?? undefined,
    images: (item.images || []).map((image) => ({ url: image.url, width: image.width, height: image.height })),
    attributes: item.attributes || {},
    price: priceView(priceBySku && priceBySku.get(sku)),
    availability: availabilityView(stockBySku && stockBySku.get(sku)),
    rating: review ? { average: review.averageRating, count: review.count } : undefined,
    topReviews: review ? (review.items || []).map((r) => ({ id: r.id, author: r.author, rating: r.rating,
      title: r.title, body: r.body, createdAt: r.createdAt ?? undefined })) : undefined,
    recommendations,
    degraded: ordered(degraded),
  };
  return reply.header('cache-control', degraded.length === 0 ? 'max-age=30, public' : 'no-cache')
    .header('vary', 'Cookie').type('application/json').send(JSON.stringify(page));
}

// --- the server ---
const app = fastify({ logger: { level: 'warn' }, keepAliveTimeout: 60_000, maxRequestsPerSocket: 0 });
app.get('/partner/api/v1/availability', channel('partner', partnerAvailability));
app.get('/mobile/api/products/:sku', channel('mobile', mobileProduct));
app.get('/web/api/products/:sku', channel('web', webProduct));
app.get('/health', async () => ({ status: 'UP' }));
app.setNotFoundHandler((request, reply) => {
  reply.requestId = requestId(request);
  reply.header('x-request-id', reply.requestId);
  return sendProblem(reply, new Problem(404, 'not-found', 'Not found', 'The request was rejected: Not Found.'), request);
});
app.listen({ port: Number(env.PEER_PORT || 8096), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});
