import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{normalisePackageVersion}from"./chunk-C4HKJ2L7.js";import{__name}from"./chunk-Y76VSQA4.js";function tagVersion(ref){let tag=/^refs\/tags\/(v?\d+\.\d+\.\d+\S*)$/.exec(ref??"")?.[1];return tag===void 0?void 0:normalisePackageVersion(tag)}__name(tagVersion,"tagVersion");export{tagVersion};
