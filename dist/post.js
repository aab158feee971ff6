import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-3H4OJSK4.js";import"./chunk-32E757U5.js";import"./chunk-E65YQICH.js";import{__name}from"./chunk-JACOAZVW.js";async function run(){postHasWork()&&await(await import("./chunk-CZU6KBID.js")).saveCaches()}__name(run,"run");await run();process.exit();
