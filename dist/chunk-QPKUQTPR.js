import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{Headers,HttpClient,HttpClientError,HttpClientResponse,HttpCodes,MediaTypes,getProxyUrl,isHttps}from"./chunk-YOABTGV3.js";import"./chunk-NVSTCGO2.js";import"./chunk-Y76VSQA4.js";export{Headers,HttpClient,HttpClientError,HttpClientResponse,HttpCodes,MediaTypes,getProxyUrl,isHttps};
