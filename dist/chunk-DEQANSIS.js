import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{normalisePackageVersion}from"./chunk-FQAAK4RD.js";import{__name}from"./chunk-JACOAZVW.js";function tagVersion(ref){let tag=/^refs\/tags\/(v?\d+\.\d+\.\d+\S*)$/.exec(ref??"")?.[1];return tag===void 0?void 0:normalisePackageVersion(tag)}__name(tagVersion,"tagVersion");export{tagVersion};
