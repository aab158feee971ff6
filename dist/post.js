import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{postHasWork}from"./chunk-YGHVPQXD.js";import"./chunk-J5QE3UWV.js";import"./chunk-SO7S7YWH.js";postHasWork()&&await(await import("./chunk-EI3KJ6Y2.js")).saveCaches();process.exit();
