import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{dosDate,writeZip}from"./chunk-KH4YOMAA.js";import"./chunk-EPF4FRTY.js";import"./chunk-TMNFU2OQ.js";import"./chunk-KFZZJJWJ.js";import"./chunk-DDSNCZSG.js";import"./chunk-Y76VSQA4.js";export{dosDate,writeZip};
