import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-Z74Y2H2I.js";import"./chunk-FZ6XVCY6.js";import"./chunk-KO3RVU5U.js";import{__name}from"./chunk-Y76VSQA4.js";async function run(){postHasWork()&&await(await import("./chunk-UQWO6I2L.js")).saveCaches()}__name(run,"run");await run();process.exit();
