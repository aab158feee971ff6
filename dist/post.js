import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-ORCKBX5O.js";import"./chunk-5H6FUVAI.js";import{__name}from"./chunk-Y76VSQA4.js";async function run(){postHasWork()&&await(await import("./chunk-F2LOHZL7.js")).saveCaches()}__name(run,"run");await run();process.exit();
