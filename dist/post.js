import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-LUMCLFDP.js";import"./chunk-32E757U5.js";import"./chunk-OZTZJFTT.js";import{__name}from"./chunk-JACOAZVW.js";async function run(){postHasWork()&&await(await import("./chunk-PSSGRTYQ.js")).saveCaches()}__name(run,"run");await run();process.exit();
