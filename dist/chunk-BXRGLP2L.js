import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{writeTarGz}from"./chunk-IHCILVFI.js";import"./chunk-HMVQ3AW2.js";import"./chunk-TMNFU2OQ.js";import"./chunk-KFZZJJWJ.js";import"./chunk-DDSNCZSG.js";import"./chunk-Y76VSQA4.js";export{writeTarGz};
