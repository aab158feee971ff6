import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-AG664OHC.js";import"./chunk-FZ6XVCY6.js";import"./chunk-EUVX4LQN.js";import"./chunk-G34UV5FY.js";import{__name}from"./chunk-Y76VSQA4.js";async function run(){postHasWork()&&await(await import("./chunk-4NBFT4FY.js")).saveCaches()}__name(run,"run");await run();process.exit();
