/* The search engine (search-engine.js) in a module worker: in a worker Pagefind sees no page
   language, so it does not cut our tokens again, and the page stays responsive while it works.
   Messages: {id, method, args} in; {id, value} or {id, error} out. */

import { createEngine } from "./search-engine.js";

let engine = null;

self.addEventListener("message", async ({ data }) => {
  const { id, method, args } = data;
  try {
    if (method === "start") {
      engine = createEngine(args[0]);
      await engine.ready();
      self.postMessage({ id, value: true });
      return;
    }
    self.postMessage({ id, value: await engine[method](...args) });
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
});
