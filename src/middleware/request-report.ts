import { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import type { RequestReport } from '../pipeline/types.js';

/*
 * `req.promptsieve` without adding a property to the request. Express swaps each request's prototype
 * and then adds properties to it, which V8 cannot share between objects: every request ends up with a
 * hidden class of its own. One more property added by us costs a copy of that class, and makes the
 * reads Node and Express do afterwards (response, cleanup) miss their inline caches: about 40k
 * instructions a request, measured with cachegrind on the HTTP bench (docs/bench/middleware.md).
 * So the report lives in a WeakMap, read through an accessor on Express's shared request prototype
 * (`express.request`, the documented place to extend Express requests), which every app and sub-app
 * request inherits from; the request keeps the shape Express gave it.
 */
const reports = new WeakMap<object, RequestReport>();

/** Per immediate prototype of a request (an app's `app.request`): the object that carries the accessor, or null when none can. */
const carriers = new WeakMap<object, object | null>();

const accessor: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: object) {
    return reports.get(this);
  },
  set(this: object, report: RequestReport) {
    reports.set(this, report);
  },
};

/** Puts the report where `req.promptsieve` reads it. */
export function attachReport(req: Request, report: RequestReport): void {
  if (carrierOf(req) === null) req.promptsieve = report;
  else reports.set(req, report);
}

function carrierOf(req: Request): object | null {
  const proto: unknown = Object.getPrototypeOf(req);
  if (typeof proto !== 'object' || proto === null) return null;
  let carrier = carriers.get(proto);
  if (carrier === undefined) {
    carrier = installOn(expressBase(proto));
    carriers.set(proto, carrier);
  }
  // An own `promptsieve` on the request (set by other code) would shadow the accessor.
  return carrier !== null && !Object.hasOwn(req, 'promptsieve') ? carrier : null;
}

/**
 * The prototype right below `http.IncomingMessage.prototype` in a request's chain: Express's own
 * request object. Undefined for a request that is not an Express one (a plain Node request, a test
 * double): Node's own prototypes are not ours to change.
 */
function expressBase(proto: object): object | undefined {
  let below: object | undefined;
  for (let current: object | null = proto; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    if (current === IncomingMessage.prototype) return below;
    below = current;
  }
  return undefined;
}

function installOn(base: object | undefined): object | null {
  if (base === undefined) return null;
  const existing = Object.getOwnPropertyDescriptor(base, 'promptsieve');
  // Someone else's `promptsieve` on Express's request: leave it, and fall back to a plain property.
  if (existing !== undefined) return existing.get === accessor.get ? base : null;
  // A frozen or sealed request prototype takes no accessor: plain properties it is.
  return Reflect.defineProperty(base, 'promptsieve', accessor) ? base : null;
}
