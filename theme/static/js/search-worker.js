/* The search engine (search-engine.js) in a module worker: in a worker Pagefind sees no page
   language, so it does not cut our tokens again, and the page stays responsive while it works.
   Messages: {id, method, args} in; {id, value} or {id, error} out. */

import { openEngine } from "./search-engine.js";

let engine = null;

self.addEventListener("message", async ({ data }) => {
  const { id, method, args } = data;
  try {
    if (method === "start") {
      engine = await openEngine(args[0], {}, args[1] || null);
      self.postMessage({ id, value: engine.totals() });
      return;
    }
    self.postMessage({ id, value: await engine[method](...args) });
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
});
