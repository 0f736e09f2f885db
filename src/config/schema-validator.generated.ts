// GENERATED from schema/tsgun.schema.json by scripts/generate.ts (scripts/validator-code.ts). Do not edit; run `npm run generate`.
// @ts-nocheck: ajv's standalone validation code, untyped; `validators` at the end carries the types.
// One validator per schema node that src/config/validate.ts uses, compiled at build time so that no
// process loads ajv. Options: strict, allErrors, allowUnionTypes, verbose; keywords x-tsgun, typeof.

"use strict";
const schema11 = {"type":"string","description":"Editors may point this at the schema file.","x-tsgun":{"section":"Meta","reload":"live","cli":false,"env":false,"gunicorn":null,"meta":true}};

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

const schema12 = {"type":"string","minLength":1,"description":"The module that exports the app, relative to the config file (or to the working directory when given on the command line), optionally followed by `#export`: `./app.ts`, `./dist/server.js#handler`, or a package name. Without `#export` tsgun uses the default export, else an export named `app`, `handler` or `fetch`.","x-tsgun":{"section":"App","reload":"respawn","cli":"--app","env":"TSGUN_APP","gunicorn":"APP_MODULE (wsgi_app)","required":true,"arg":"<module>","positional":"APP"}};
const func2 = ucs2length;

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

const schema13 = {"type":"array","items":{"type":"string","minLength":1},"minItems":1,"default":["127.0.0.1:8000"],"description":"The addresses to listen on. Each is `HOST:PORT`, `[IPV6]:PORT`, `unix:PATH` (optionally `unix:PATH|MODE` with an octal file mode such as `|660`) or `fd://N` (an inherited file descriptor). Port 0 asks the kernel for a free port; the `listening` log event reports the real one. Under systemd socket activation (`LISTEN_FDS` / `LISTEN_PID` naming the master) the passed sockets are used instead, as Gunicorn does.","x-tsgun":{"section":"Server socket","reload":"rebind","cli":"-b, --bind","env":"TSGUN_BIND","gunicorn":"bind","arg":"<address>","envFormat":"comma-separated list"}};

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(Array.isArray(data)){
if(data.length < 1){
const err0 = {instancePath,schemaPath:"#/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.items.type,parentSchema:schema13.items,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema13.type,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

const schema14 = {"type":"integer","minimum":1,"maximum":65535,"default":2048,"description":"The listen backlog of every listener: how many connections the kernel queues until a worker accepts them (capped by `net.core.somaxconn`). Each worker's `listen()` sets it, on sockets passed by systemd (replacing the unit's `Backlog=`) or as `fd://N` too; `ss -ltn` / `ss -lx` show it as Send-Q. Connections made while no worker is accepting (a respawn, a reload) wait here.","x-tsgun":{"section":"Server socket","reload":"restart","cli":"--backlog","env":"TSGUN_BACKLOG","gunicorn":"backlog","arg":"<n>"}};

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema14.type,parentSchema:schema14,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 65535 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema14,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema14,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate13.errors = vErrors;
return errors === 0;
}

const schema15 = {"anyOf":[{"type":"integer","minimum":1,"maximum":1024},{"const":"auto"}],"default":"auto","description":"The number of worker processes. `auto` is the number of CPUs available to the process (`os.availableParallelism()`). Changed at run time by SIGTTIN / SIGTTOU.","x-tsgun":{"section":"Workers","reload":"live","cli":"-w, --workers","env":"TSGUN_WORKERS","gunicorn":"workers","arg":"<n|auto>","tsType":"number | 'auto'","resolvedTsType":"number"}};

function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema15.anyOf[0].type,parentSchema:schema15.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 1024 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema15.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema15.anyOf[0],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if("auto" !== data){
const err3 = {instancePath,schemaPath:"#/anyOf/1/const",keyword:"const",params:{allowedValue: "auto"},message:"must be equal to constant",schema:"auto",parentSchema:schema15.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema15.anyOf,parentSchema:schema15,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate14.errors = vErrors;
return errors === 0;
}

const schema16 = {"type":"integer","minimum":1,"maximum":1024};

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema16.type,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 1024 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate15.errors = vErrors;
return errors === 0;
}

const schema17 = {"const":"auto"};

function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if("auto" !== data){
const err0 = {instancePath,schemaPath:"#/const",keyword:"const",params:{allowedValue: "auto"},message:"must be equal to constant",schema:"auto",parentSchema:schema17,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}

const schema18 = {"type":"integer","minimum":0,"maximum":1048576,"default":0,"description":"The most connections one worker keeps open at once (HTTP/1.1 keep-alive connections, idle or busy, and TLS connections in their handshake). A worker at the cap stops accepting until one of its connections closes: further connections wait in the listener's kernel backlog (see `backlog`), where another worker may take them, and are never reset. 0 (the default) sets no cap. Set it below the workers' open-file limit (`ulimit -n`): past that limit the runtime accepts and at once closes connections it has no descriptor for. A connection that sends nothing holds its slot until `headersTimeout` (a first request) or `keepAlive` (between requests) closes it. Gunicorn's worker_connections.","x-tsgun":{"section":"Workers","reload":"respawn","cli":"--worker-connections","env":"TSGUN_WORKER_CONNECTIONS","gunicorn":"worker_connections","arg":"<n>"}};

function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema18.type,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 1048576 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1048576},message:"must be <= 1048576",schema:1048576,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema18,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate17.errors = vErrors;
return errors === 0;
}

const schema19 = {"type":"boolean","default":false,"description":"Spread long-lived connections evenly over the workers: a worker that holds more connections than another live worker stops accepting until that one has caught up (exactly while it holds fewer than 4, then with a slack of a quarter of its count), so that a few keep-alive connections (a proxy's upstream pool: nginx `keepalive 32`) are not all taken by one worker while the others idle (docs/deploy.md). It does not move connections already accepted. Connections never leave the listener's shared queue, so none is refused when a worker dies or during a reload; a connection may wait in the queue for the least loaded worker's next turn of its event loop, and for at most 1 second for a worker whose event loop is blocked. Off by default: each accept and close then costs a few microseconds of CPU (a table the workers share, read and written), which would show with one connection per request, where it is not needed. nginx's accept mutex in spirit; Gunicorn has none.","x-tsgun":{"section":"Workers","reload":"respawn","cli":"--balance-connections","env":"TSGUN_BALANCE_CONNECTIONS","gunicorn":null}};

function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema19.type,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}

const schema20 = {"anyOf":[{"type":"number","minimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":30,"description":"How long a worker's event loop may stay silent (no heartbeat) before the master kills and replaces it. 0 disables the check. This guards against a blocked loop, not a slow request: see `gracefulTimeout` and `keepAlive`. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"live","cli":"-t, --timeout","env":"TSGUN_TIMEOUT","gunicorn":"timeout","arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};
const pattern0 = new RegExp("^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$", "u");

function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema20.anyOf[0].type,parentSchema:schema20.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema20.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema20.anyOf[1].type,parentSchema:schema20.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema20.anyOf,parentSchema:schema20,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate19.errors = vErrors;
return errors === 0;
}

const schema21 = {"type":"number","minimum":0};

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema21,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema21.type,parentSchema:schema21,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}

const schema22 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.type,parentSchema:schema22,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}

const schema23 = {"anyOf":[{"type":"number","exclusiveMinimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":60,"description":"How long a new worker has to load the app, run its hooks and start listening before it is killed and counted as a boot failure. Covers an app whose import hangs, which the heartbeat cannot see. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"live","cli":"--boot-timeout","env":"TSGUN_BOOT_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema23.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema23.anyOf[0].type,parentSchema:schema23.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema23.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema23.anyOf[1].type,parentSchema:schema23.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema23.anyOf,parentSchema:schema23,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate22.errors = vErrors;
return errors === 0;
}

const schema24 = {"type":"number","exclusiveMinimum":0};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema24.type,parentSchema:schema24,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}

const schema25 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema25,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.type,parentSchema:schema25,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}

const schema26 = {"type":"integer","minimum":0,"default":1,"description":"How many boots in a row a worker of the first generation may fail (a boot failure, a crash or `bootTimeout` before it reports ready) before the master gives up and exits with code 8, naming the worker's reason. The default, 1, is Gunicorn's behaviour: a server whose app cannot start halts at once rather than leave clients waiting in the listen backlog, and the supervisor (systemd's `Restart=`) decides what follows. `0` never gives up (the worker is respawned with a growing backoff). Once the server was ready, a worker that fails to boot is respawned with a backoff, and a reload that fails is rolled back. Ignored under `reload` (development), which waits for the next file change.","x-tsgun":{"section":"Workers","reload":"live","cli":"--boot-attempts","env":"TSGUN_BOOT_ATTEMPTS","gunicorn":null,"arg":"<n>"}};

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema26.type,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema26,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate25.errors = vErrors;
return errors === 0;
}

const schema27 = {"anyOf":[{"type":"number","minimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":30,"description":"How long a stopping or retiring worker has to finish its in-flight requests. After it, what is left is cut and the worker is killed. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"live","cli":"--graceful-timeout","env":"TSGUN_GRACEFUL_TIMEOUT","gunicorn":"graceful_timeout","arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate26(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema27.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema27.anyOf[0].type,parentSchema:schema27.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema27.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.anyOf[1].type,parentSchema:schema27.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema27.anyOf,parentSchema:schema27,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate26.errors = vErrors;
return errors === 0;
}

const schema28 = {"type":"number","minimum":0};

function validate27(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema28,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema28.type,parentSchema:schema28,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate27.errors = vErrors;
return errors === 0;
}

const schema29 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate28(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema29.type,parentSchema:schema29,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate28.errors = vErrors;
return errors === 0;
}

const schema30 = {"anyOf":[{"type":"number","exclusiveMinimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""},{"type":"null"}],"default":null,"description":"How long a request may go without a complete response. At the limit tsgun answers 503 (or, if the response has started, closes the connection), aborts the request's `AbortSignal` (`request.signal` for Fetch apps, `req.signal` for Node listeners) so the handler can stop its work, and logs `request.timed-out`. `null` (the default) sets no limit. Unlike `timeout`, which kills a worker whose whole event loop is stuck, this cuts one slow request and the worker goes on serving. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"respawn","cli":"--request-timeout","env":"TSGUN_REQUEST_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString | null","resolvedTsType":"number | null"}};

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema30.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema30.anyOf[0].type,parentSchema:schema30.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema30.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema30.anyOf[1].type,parentSchema:schema30.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err4 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema30.anyOf[2].type,parentSchema:schema30.anyOf[2],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema30.anyOf,parentSchema:schema30,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate29.errors = vErrors;
return errors === 0;
}

const schema31 = {"type":"number","exclusiveMinimum":0};

function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate30.errors = vErrors;
return errors === 0;
}

const schema32 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.type,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate31.errors = vErrors;
return errors === 0;
}

const schema33 = {"type":"null"};

function validate32(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema33.type,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate32.errors = vErrors;
return errors === 0;
}

const schema34 = {"type":"integer","minimum":0,"default":0,"description":"How many workers a reload boots at a time. `0` boots the whole new generation at once next to the old one (fastest; memory briefly doubles). `N` boots N new workers, retires N old ones once those are ready, and goes on: memory stays within `workers + N` processes. The first batch is the canary: if it fails, nothing of the old generation was touched.","x-tsgun":{"section":"Reload","reload":"live","cli":"--reload-batch","env":"TSGUN_RELOAD_BATCH","gunicorn":null,"arg":"<n>"}};

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate33.errors = vErrors;
return errors === 0;
}

const schema35 = {"anyOf":[{"type":"number","exclusiveMinimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":30,"description":"How long a hook (onStarting, preFork, postFork, …) may take before it is abandoned and logged as failed. A master-side hook that fails or times out never stops the server; a worker boot hook that does fails that worker's boot. The per-request hooks (preRequest, postRequest) are synchronous and have no timer. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"live","cli":"--hook-timeout","env":"TSGUN_HOOK_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate34(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema35.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema35.anyOf[0].type,parentSchema:schema35.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema35.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.anyOf[1].type,parentSchema:schema35.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema35.anyOf,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate34.errors = vErrors;
return errors === 0;
}

const schema36 = {"type":"number","exclusiveMinimum":0};

function validate35(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema36.type,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate35.errors = vErrors;
return errors === 0;
}

const schema37 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.type,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate36.errors = vErrors;
return errors === 0;
}

const schema38 = {"anyOf":[{"type":"number","minimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":5,"description":"How long an idle keep-alive connection is kept open waiting for its next request: from the end of a response until the next request's head is whole, the connection closes once nothing arrived for this long (each read restarts the wait, so a next head that stalls this long is closed without the 408 of headersTimeout). Clients are told `Keep-Alive: timeout=N`; Node closes the connection its keepAliveTimeoutBuffer (1 s on Node 24) after that, so that a client trusting the hint never sends onto a closing connection. 0 disables keep-alive. Behind a load balancer, set it above the balancer's own idle timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"respawn","cli":"--keep-alive","env":"TSGUN_KEEP_ALIVE","gunicorn":"keepalive","arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate37(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema38.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema38.anyOf[0].type,parentSchema:schema38.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema38.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.anyOf[1].type,parentSchema:schema38.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema38.anyOf,parentSchema:schema38,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate37.errors = vErrors;
return errors === 0;
}

const schema39 = {"type":"number","minimum":0};

function validate38(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema39,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema39.type,parentSchema:schema39,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate38.errors = vErrors;
return errors === 0;
}

const schema40 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate39(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema40,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema40.type,parentSchema:schema40,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate39.errors = vErrors;
return errors === 0;
}

const schema41 = {"anyOf":[{"type":"number","exclusiveMinimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":60,"description":"How long a client has to send a complete request head (request line and header fields), counted from the first byte of the request. A connection that takes longer gets 408 and is closed: this is what stops slowloris clients. On a `tls` listener the TLS handshake has the same time (Node's own limit is 120 s), and one that does not finish in it is closed. nginx's client_header_timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"respawn","cli":"--headers-timeout","env":"TSGUN_HEADERS_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate40(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema41.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema41.anyOf[0].type,parentSchema:schema41.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema41.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.anyOf[1].type,parentSchema:schema41.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema41.anyOf,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate40.errors = vErrors;
return errors === 0;
}

const schema42 = {"type":"number","exclusiveMinimum":0};

function validate41(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data <= 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema42,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema42.type,parentSchema:schema42,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate41.errors = vErrors;
return errors === 0;
}

const schema43 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate42(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema43.type,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate42.errors = vErrors;
return errors === 0;
}

const schema44 = {"anyOf":[{"type":"number","minimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":60,"description":"How long a client sending a request body may go without sending a byte while the app waits for it. Past it the request gets 408 (or the connection is closed if the response has begun). Time the app itself takes to read is not counted. 0 disables the check. nginx's client_body_timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"respawn","cli":"--body-timeout","env":"TSGUN_BODY_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate43(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema44.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema44.anyOf[0].type,parentSchema:schema44.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema44.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema44.anyOf[1].type,parentSchema:schema44.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema44.anyOf,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate43.errors = vErrors;
return errors === 0;
}

const schema45 = {"type":"number","minimum":0};

function validate44(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema45,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema45.type,parentSchema:schema45,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate44.errors = vErrors;
return errors === 0;
}

const schema46 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate45(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema46.type,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate45.errors = vErrors;
return errors === 0;
}

const schema47 = {"anyOf":[{"type":"number","minimum":0},{"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""}],"default":60,"description":"How long a client may go without reading any of a response that is waiting to be sent. Past it the connection is closed, so a client that never reads cannot hold a worker's memory. 0 disables the check. nginx's send_timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.","x-tsgun":{"section":"Timeouts","reload":"respawn","cli":"--send-timeout","env":"TSGUN_SEND_TIMEOUT","gunicorn":null,"arg":"<duration>","unit":"seconds","tsType":"number | DurationString","resolvedTsType":"number"}};

function validate46(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema47.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema47.anyOf[0].type,parentSchema:schema47.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema47.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema47.anyOf[1].type,parentSchema:schema47.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema47.anyOf,parentSchema:schema47,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate46.errors = vErrors;
return errors === 0;
}

const schema48 = {"type":"number","minimum":0};

function validate47(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err0 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema48.type,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate47.errors = vErrors;
return errors === 0;
}

const schema49 = {"type":"string","pattern":"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$","title":"a duration such as \"30s\", \"500ms\", \"2m\" or \"1m30s\""};

function validate48(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern0.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"},message:"must match pattern \""+"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$"+"\"",schema:"^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$",parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.type,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate48.errors = vErrors;
return errors === 0;
}

const schema50 = {"type":"integer","minimum":0,"default":0,"description":"Requests a worker serves before it is replaced (new worker ready first, then the old one drained). 0 disables recycling. A simple guard against slow leaks.","x-tsgun":{"section":"Workers","reload":"respawn","cli":"--max-requests","env":"TSGUN_MAX_REQUESTS","gunicorn":"max_requests","arg":"<n>"}};

function validate49(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema50.type,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate49.errors = vErrors;
return errors === 0;
}

const schema51 = {"type":"integer","minimum":0,"default":0,"description":"A random number between 0 and this is added to `maxRequests` per worker, so that workers do not all recycle at once. Requires `maxRequests`.","x-tsgun":{"section":"Workers","reload":"respawn","cli":"--max-requests-jitter","env":"TSGUN_MAX_REQUESTS_JITTER","gunicorn":"max_requests_jitter","arg":"<n>"}};

function validate50(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema51.type,parentSchema:schema51,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema51,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate50.errors = vErrors;
return errors === 0;
}

const schema52 = {"anyOf":[{"type":"integer","minimum":1},{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$","title":"a size string such as \"512MiB\" or \"1.5GB\""},{"type":"null"}],"default":null,"description":"A worker whose resident set size (RSS) exceeds this is replaced like `maxRequests` does. Bytes as a number, or a string with a unit: `512MiB`, `1.5GB`, `800M`. `null` disables it.","x-tsgun":{"section":"Workers","reload":"live","cli":"--max-memory","env":"TSGUN_MAX_MEMORY","gunicorn":null,"arg":"<size>","tsType":"number | string | null"}};
const pattern18 = new RegExp("^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$", "u");

function validate51(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema52.anyOf[0].type,parentSchema:schema52.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 1 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema52.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern18.test(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$",parentSchema:schema52.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema52.anyOf[1].type,parentSchema:schema52.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err4 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema52.anyOf[2].type,parentSchema:schema52.anyOf[2],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema52.anyOf,parentSchema:schema52,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate51.errors = vErrors;
return errors === 0;
}

const schema53 = {"type":"integer","minimum":1};

function validate52(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema53.type,parentSchema:schema53,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 1 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema53,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate52.errors = vErrors;
return errors === 0;
}

const schema54 = {"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$","title":"a size string such as \"512MiB\" or \"1.5GB\""};

function validate53(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern18.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?[bB]?|[bB])?$",parentSchema:schema54,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.type,parentSchema:schema54,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate53.errors = vErrors;
return errors === 0;
}

const schema55 = {"type":"null"};

function validate54(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema55.type,parentSchema:schema55,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate54.errors = vErrors;
return errors === 0;
}

const schema56 = {"enum":["log","recycle"],"default":"log","description":"What a worker does with a promise rejection nobody handled: `log` logs it (event `worker.unhandled-rejection`, with the stack) and keeps serving; `recycle` also asks the master for a replacement, which takes over (new worker ready first) before this one drains. An uncaught exception always logs and ends the worker, as the process state can no longer be trusted.","x-tsgun":{"section":"Workers","reload":"respawn","cli":"--unhandled-rejection","env":"TSGUN_UNHANDLED_REJECTION","gunicorn":null,"arg":"<policy>"}};

function validate55(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!((data === "log") || (data === "recycle"))){
const err0 = {instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema56.enum},message:"must be equal to one of the allowed values",schema:schema56.enum,parentSchema:schema56,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate55.errors = vErrors;
return errors === 0;
}

const schema57 = {"type":"integer","minimum":0,"maximum":65536,"default":4094,"description":"Maximum size in bytes of the HTTP request line (method, target and version with the spaces between them, without its CRLF). Larger requests get 414. 0 means no limit beyond the server's total header limit.","x-tsgun":{"section":"Request limits","reload":"respawn","cli":"--limit-request-line","env":"TSGUN_LIMIT_REQUEST_LINE","gunicorn":"limit_request_line","arg":"<bytes>"}};

function validate56(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema57.type,parentSchema:schema57,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 65536 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65536},message:"must be <= 65536",schema:65536,parentSchema:schema57,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema57,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate56.errors = vErrors;
return errors === 0;
}

const schema58 = {"type":"integer","minimum":0,"maximum":32768,"default":100,"description":"Maximum number of header fields in a request. More get 431. 0 means no limit.","x-tsgun":{"section":"Request limits","reload":"respawn","cli":"--limit-request-fields","env":"TSGUN_LIMIT_REQUEST_FIELDS","gunicorn":"limit_request_fields","arg":"<n>"}};

function validate57(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema58.type,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 32768 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 32768},message:"must be <= 32768",schema:32768,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate57.errors = vErrors;
return errors === 0;
}

const schema59 = {"type":"integer","minimum":0,"maximum":65536,"default":8190,"description":"Maximum size in bytes of one request header field line: `name: value` and its CRLF, counted as Gunicorn counts it (the whitespace around the value counted as the one space after the colon). Larger get 431. 0 means no limit beyond the server's total header limit.","x-tsgun":{"section":"Request limits","reload":"respawn","cli":"--limit-request-field-size","env":"TSGUN_LIMIT_REQUEST_FIELD_SIZE","gunicorn":"limit_request_field_size","arg":"<bytes>"}};

function validate58(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema59.type,parentSchema:schema59,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 65536 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65536},message:"must be <= 65536",schema:65536,parentSchema:schema59,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema59,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate58.errors = vErrors;
return errors === 0;
}

const schema60 = {"type":"integer","minimum":1024,"maximum":1048576,"default":32768,"description":"Maximum total size in bytes of a request's header fields, each counted as its whole line (`name: value` and CRLF). Larger get 431. It bounds the memory one connection can hold while its head arrives, whatever the per-field limits allow (nginx's default large_client_header_buffers: 4 × 8k).","x-tsgun":{"section":"Request limits","reload":"respawn","cli":"--limit-request-headers-size","env":"TSGUN_LIMIT_REQUEST_HEADERS_SIZE","gunicorn":null,"arg":"<bytes>"}};

function validate59(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema60.type,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 1048576 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1048576},message:"must be <= 1048576",schema:1048576,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1024 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate59.errors = vErrors;
return errors === 0;
}

const schema61 = {"type":"integer","minimum":0,"default":0,"description":"Maximum size in bytes of a request body. A request that declares a larger `Content-Length` gets 413 before the app runs; a chunked body that grows past it stops being read, gets 413 if the app has not begun its response (else the connection is cut) and its connection is closed. 0 (the default) sets no limit. nginx's client_max_body_size.","x-tsgun":{"section":"Request limits","reload":"respawn","cli":"--limit-request-body","env":"TSGUN_LIMIT_REQUEST_BODY","gunicorn":null,"arg":"<bytes>"}};

function validate60(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema61.type,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate60.errors = vErrors;
return errors === 0;
}

const schema62 = {"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true,"default":["127.0.0.1","::1"],"description":"Peers (IP addresses, CIDR ranges such as `10.0.0.0/8`, or `*` for any) trusted to say, with one of the `secureSchemeHeaders`, that the original request was HTTPS. Any other peer's scheme headers are ignored (they still reach the app). A peer on a unix socket is always trusted, as in Gunicorn; with `proxyProtocol`, the peer checked is the balancer itself, not the client its PROXY header names. tsgun does not take the client address from `X-Forwarded-For`: log it with `%({x-forwarded-for}i)s`, or use `proxyProtocol`.","x-tsgun":{"section":"Proxy","reload":"respawn","cli":"--forwarded-allow-ips","env":"TSGUN_FORWARDED_ALLOW_IPS","gunicorn":"forwarded_allow_ips","arg":"<ips>","envFormat":"comma-separated list"}};

function validate61(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(Array.isArray(data)){
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err0 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema62.items,data:data0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.items.type,parentSchema:schema62.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
let i1 = data.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err2 = {instancePath,schemaPath:"#/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema62,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema62.type,parentSchema:schema62,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate61.errors = vErrors;
return errors === 0;
}

const schema63 = {"type":"object","additionalProperties":{"type":"string"},"propertyNames":{"pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$","title":"a header name"},"default":{"X-FORWARDED-PROTOCOL":"ssl","X-FORWARDED-PROTO":"https","X-FORWARDED-SSL":"on"},"description":"Headers, and the values they must have, by which a trusted proxy (see `forwardedAllowIps`) says the original request was HTTPS. Names and values are compared case-insensitively; a configured header with any other value says HTTP. A Fetch app (Hono and the like) then gets an `https://` `request.url` (the host stays the `Host` header's). Other apps (Node listeners, Express, Koa, Fastify) get the headers untouched and decide with their own trust-proxy setting. A trusted request whose scheme headers contradict each other gets 400, as in Gunicorn. `{}` turns the check off.","x-tsgun":{"section":"Proxy","reload":"respawn","cli":false,"env":"TSGUN_SECURE_SCHEME_HEADERS","gunicorn":"secure_scheme_headers","envFormat":"JSON object","tsType":"Record<string, string>"}};
const pattern20 = new RegExp("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", "u");

function validate62(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs2 = errors;
if(typeof key0 === "string"){
if(!pattern20.test(key0)){
const err0 = {instancePath,schemaPath:"#/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},message:"must match pattern \""+"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"+"\"",schema:"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",parentSchema:schema63.propertyNames,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var valid0 = _errs2 === errors;
if(!valid0){
const err1 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema63.propertyNames,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
for(const key1 in data){
let data0 = data[key1];
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema63.additionalProperties.type,parentSchema:schema63.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema63.type,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate62.errors = vErrors;
return errors === 0;
}

const schema64 = {"type":"boolean","default":false,"description":"Expect a PROXY protocol header (v1 text or v2 binary: HAProxy `send-proxy` / `send-proxy-v2`, an AWS NLB, nginx `stream` with `proxy_protocol on`) at the start of every connection from a peer in `proxyAllowIps`, and report the client address and port it carries as the connection's (`req.socket.remoteAddress`, the access log's `%(h)s`). Such a connection without a valid header within 5 seconds is closed (log event `proxy.invalid-header`); a `LOCAL` or `UNKNOWN` header keeps the real peer. Other peers are served plain HTTP; one that sends a PROXY header gets 403 (`proxy.forbidden-header`). With `tls` the header comes before the handshake. On a unix socket every peer counts as allowed.","x-tsgun":{"section":"Proxy","reload":"respawn","cli":"--proxy-protocol","env":"TSGUN_PROXY_PROTOCOL","gunicorn":"proxy_protocol"}};

function validate63(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema64.type,parentSchema:schema64,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate63.errors = vErrors;
return errors === 0;
}

const schema65 = {"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true,"default":["127.0.0.1","::1"],"description":"Peers (IP addresses, CIDR ranges such as `10.0.0.0/8`, or `*` for any) that must start each connection with a PROXY protocol header when `proxyProtocol` is on. Other peers are served plain HTTP and may not send one. Peers on a unix socket always count as allowed.","x-tsgun":{"section":"Proxy","reload":"respawn","cli":"--proxy-allow-ips","env":"TSGUN_PROXY_ALLOW_IPS","gunicorn":"proxy_allow_ips","arg":"<ips>","envFormat":"comma-separated list"}};

function validate64(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(Array.isArray(data)){
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err0 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema65.items,data:data0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema65.items.type,parentSchema:schema65.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
let i1 = data.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err2 = {instancePath,schemaPath:"#/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema65,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema65.type,parentSchema:schema65,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate64.errors = vErrors;
return errors === 0;
}

const schema66 = {"anyOf":[{"type":"object","additionalProperties":false,"properties":{"cert":{"type":"string","minLength":1,"description":"Path to the PEM certificate chain.","x-tsgun":{"cli":"--tls-cert","env":"TSGUN_TLS_CERT","arg":"<path>","gunicorn":"certfile"}},"key":{"type":"string","minLength":1,"description":"Path to the PEM private key.","x-tsgun":{"cli":"--tls-key","env":"TSGUN_TLS_KEY","arg":"<path>","gunicorn":"keyfile"}},"ca":{"type":"string","minLength":1,"description":"Path to PEM CA certificates used to verify client certificates.","x-tsgun":{"cli":"--tls-ca","env":"TSGUN_TLS_CA","arg":"<path>","gunicorn":"ca_certs"}},"clientCert":{"enum":["none","request","require"],"description":"Client certificate policy: `none` (default), `request` (ask, accept without), `require` (reject connections without a valid one; needs `ca`).","x-tsgun":{"cli":"--tls-client-cert","env":"TSGUN_TLS_CLIENT_CERT","arg":"<policy>","gunicorn":"cert_reqs"}},"ciphers":{"type":"string","minLength":1,"description":"OpenSSL cipher list; Node's default when absent.","x-tsgun":{"cli":"--tls-ciphers","env":"TSGUN_TLS_CIPHERS","arg":"<list>","gunicorn":"ciphers"}},"minVersion":{"enum":["TLSv1.2","TLSv1.3"],"description":"The lowest TLS version accepted; `TLSv1.2` when absent.","x-tsgun":{"cli":"--tls-min-version","env":"TSGUN_TLS_MIN_VERSION","arg":"<version>","gunicorn":"ssl_version"}},"sni":{"type":"object","propertyNames":{"pattern":"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$","title":"a server name such as `api.example.com`, or `*.example.com` for one label under it"},"additionalProperties":{"type":"object","additionalProperties":false,"required":["cert","key"],"properties":{"cert":{"type":"string","minLength":1,"description":"Path to the PEM certificate chain served for this name."},"key":{"type":"string","minLength":1,"description":"Path to the PEM private key of that certificate."}}},"description":"More certificates, chosen by the server name the client asks for (SNI): a map from a name (`api.example.com`, or `*.example.com` for any one label under it) to its `{ cert, key }`. An exact name wins over a wildcard; a client that names none of them, or no name at all, gets `tls.cert`. Names are compared case-insensitively. Relative paths are relative to the config file, and the files are re-read on reload like `tls.cert`.","x-tsgun":{"cli":false,"env":"TSGUN_TLS_SNI","gunicorn":null,"envFormat":"JSON object","tsType":"Readonly<Record<string, { readonly cert: string; readonly key: string }>>"}}}},{"type":"null"}],"default":null,"description":"Serve HTTPS on every TCP listener. `null` serves plain HTTP (the usual choice behind a TLS-terminating proxy). Certificates are re-read on reload, so a renewed certificate needs only `kill -HUP`.","x-tsgun":{"section":"TLS","reload":"respawn","cli":false,"env":false,"gunicorn":null,"tsType":"TlsSettings | null","nestedFlags":true}};
const pattern21 = new RegExp("^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", "u");

function validate65(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((key0 === "cert") || (key0 === "key")) || (key0 === "ca")) || (key0 === "clientCert")) || (key0 === "ciphers")) || (key0 === "minVersion")) || (key0 === "sni"))){
const err0 = {instancePath,schemaPath:"#/anyOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema66.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.cert !== undefined){
let data0 = data.cert;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err1 = {instancePath:instancePath+"/cert",schemaPath:"#/anyOf/0/properties/cert/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.cert,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/cert",schemaPath:"#/anyOf/0/properties/cert/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.cert.type,parentSchema:schema66.anyOf[0].properties.cert,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.key !== undefined){
let data1 = data.key;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err3 = {instancePath:instancePath+"/key",schemaPath:"#/anyOf/0/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.key,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/key",schemaPath:"#/anyOf/0/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.key.type,parentSchema:schema66.anyOf[0].properties.key,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.ca !== undefined){
let data2 = data.ca;
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err5 = {instancePath:instancePath+"/ca",schemaPath:"#/anyOf/0/properties/ca/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.ca,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/ca",schemaPath:"#/anyOf/0/properties/ca/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.ca.type,parentSchema:schema66.anyOf[0].properties.ca,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.clientCert !== undefined){
let data3 = data.clientCert;
if(!(((data3 === "none") || (data3 === "request")) || (data3 === "require"))){
const err7 = {instancePath:instancePath+"/clientCert",schemaPath:"#/anyOf/0/properties/clientCert/enum",keyword:"enum",params:{allowedValues: schema66.anyOf[0].properties.clientCert.enum},message:"must be equal to one of the allowed values",schema:schema66.anyOf[0].properties.clientCert.enum,parentSchema:schema66.anyOf[0].properties.clientCert,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.ciphers !== undefined){
let data4 = data.ciphers;
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err8 = {instancePath:instancePath+"/ciphers",schemaPath:"#/anyOf/0/properties/ciphers/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.ciphers,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/ciphers",schemaPath:"#/anyOf/0/properties/ciphers/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.ciphers.type,parentSchema:schema66.anyOf[0].properties.ciphers,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.minVersion !== undefined){
let data5 = data.minVersion;
if(!((data5 === "TLSv1.2") || (data5 === "TLSv1.3"))){
const err10 = {instancePath:instancePath+"/minVersion",schemaPath:"#/anyOf/0/properties/minVersion/enum",keyword:"enum",params:{allowedValues: schema66.anyOf[0].properties.minVersion.enum},message:"must be equal to one of the allowed values",schema:schema66.anyOf[0].properties.minVersion.enum,parentSchema:schema66.anyOf[0].properties.minVersion,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.sni !== undefined){
let data6 = data.sni;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key1 in data6){
const _errs23 = errors;
if(typeof key1 === "string"){
if(!pattern21.test(key1)){
const err11 = {instancePath:instancePath+"/sni",schemaPath:"#/anyOf/0/properties/sni/propertyNames/pattern",keyword:"pattern",params:{pattern: "^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"},message:"must match pattern \""+"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"+"\"",schema:"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",parentSchema:schema66.anyOf[0].properties.sni.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid2 = _errs23 === errors;
if(!valid2){
const err12 = {instancePath:instancePath+"/sni",schemaPath:"#/anyOf/0/properties/sni/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema66.anyOf[0].properties.sni.propertyNames,parentSchema:schema66.anyOf[0].properties.sni,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key2 in data6){
let data7 = data6[key2];
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.cert === undefined){
const err13 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/anyOf/0/properties/sni/additionalProperties/required",keyword:"required",params:{missingProperty: "cert"},message:"must have required property '"+"cert"+"'",schema:schema66.anyOf[0].properties.sni.additionalProperties.required,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data7.key === undefined){
const err14 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/anyOf/0/properties/sni/additionalProperties/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema66.anyOf[0].properties.sni.additionalProperties.required,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
for(const key3 in data7){
if(!((key3 === "cert") || (key3 === "key"))){
const err15 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/anyOf/0/properties/sni/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data7.cert !== undefined){
let data8 = data7.cert;
if(typeof data8 === "string"){
if(func2(data8) < 1){
const err16 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/anyOf/0/properties/sni/additionalProperties/properties/cert/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties.properties.cert,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/anyOf/0/properties/sni/additionalProperties/properties/cert/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.sni.additionalProperties.properties.cert.type,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties.properties.cert,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data7.key !== undefined){
let data9 = data7.key;
if(typeof data9 === "string"){
if(func2(data9) < 1){
const err18 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/anyOf/0/properties/sni/additionalProperties/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties.properties.key,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/anyOf/0/properties/sni/additionalProperties/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema66.anyOf[0].properties.sni.additionalProperties.properties.key.type,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties.properties.key,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/anyOf/0/properties/sni/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema66.anyOf[0].properties.sni.additionalProperties.type,parentSchema:schema66.anyOf[0].properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/sni",schemaPath:"#/anyOf/0/properties/sni/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema66.anyOf[0].properties.sni.type,parentSchema:schema66.anyOf[0].properties.sni,data:data6};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema66.anyOf[0].type,parentSchema:schema66.anyOf[0],data};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs32 = errors;
if(data !== null){
const err23 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema66.anyOf[1].type,parentSchema:schema66.anyOf[1],data};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid0 = _errs32 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err24 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema66.anyOf,parentSchema:schema66,data};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate65.errors = vErrors;
return errors === 0;
}

const schema67 = {"type":"object","additionalProperties":false,"properties":{"cert":{"type":"string","minLength":1,"description":"Path to the PEM certificate chain.","x-tsgun":{"cli":"--tls-cert","env":"TSGUN_TLS_CERT","arg":"<path>","gunicorn":"certfile"}},"key":{"type":"string","minLength":1,"description":"Path to the PEM private key.","x-tsgun":{"cli":"--tls-key","env":"TSGUN_TLS_KEY","arg":"<path>","gunicorn":"keyfile"}},"ca":{"type":"string","minLength":1,"description":"Path to PEM CA certificates used to verify client certificates.","x-tsgun":{"cli":"--tls-ca","env":"TSGUN_TLS_CA","arg":"<path>","gunicorn":"ca_certs"}},"clientCert":{"enum":["none","request","require"],"description":"Client certificate policy: `none` (default), `request` (ask, accept without), `require` (reject connections without a valid one; needs `ca`).","x-tsgun":{"cli":"--tls-client-cert","env":"TSGUN_TLS_CLIENT_CERT","arg":"<policy>","gunicorn":"cert_reqs"}},"ciphers":{"type":"string","minLength":1,"description":"OpenSSL cipher list; Node's default when absent.","x-tsgun":{"cli":"--tls-ciphers","env":"TSGUN_TLS_CIPHERS","arg":"<list>","gunicorn":"ciphers"}},"minVersion":{"enum":["TLSv1.2","TLSv1.3"],"description":"The lowest TLS version accepted; `TLSv1.2` when absent.","x-tsgun":{"cli":"--tls-min-version","env":"TSGUN_TLS_MIN_VERSION","arg":"<version>","gunicorn":"ssl_version"}},"sni":{"type":"object","propertyNames":{"pattern":"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$","title":"a server name such as `api.example.com`, or `*.example.com` for one label under it"},"additionalProperties":{"type":"object","additionalProperties":false,"required":["cert","key"],"properties":{"cert":{"type":"string","minLength":1,"description":"Path to the PEM certificate chain served for this name."},"key":{"type":"string","minLength":1,"description":"Path to the PEM private key of that certificate."}}},"description":"More certificates, chosen by the server name the client asks for (SNI): a map from a name (`api.example.com`, or `*.example.com` for any one label under it) to its `{ cert, key }`. An exact name wins over a wildcard; a client that names none of them, or no name at all, gets `tls.cert`. Names are compared case-insensitively. Relative paths are relative to the config file, and the files are re-read on reload like `tls.cert`.","x-tsgun":{"cli":false,"env":"TSGUN_TLS_SNI","gunicorn":null,"envFormat":"JSON object","tsType":"Readonly<Record<string, { readonly cert: string; readonly key: string }>>"}}}};

function validate66(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((key0 === "cert") || (key0 === "key")) || (key0 === "ca")) || (key0 === "clientCert")) || (key0 === "ciphers")) || (key0 === "minVersion")) || (key0 === "sni"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema67,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.cert !== undefined){
let data0 = data.cert;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err1 = {instancePath:instancePath+"/cert",schemaPath:"#/properties/cert/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.cert,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/cert",schemaPath:"#/properties/cert/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.cert.type,parentSchema:schema67.properties.cert,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.key !== undefined){
let data1 = data.key;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err3 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.key,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.key.type,parentSchema:schema67.properties.key,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.ca !== undefined){
let data2 = data.ca;
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err5 = {instancePath:instancePath+"/ca",schemaPath:"#/properties/ca/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.ca,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/ca",schemaPath:"#/properties/ca/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.ca.type,parentSchema:schema67.properties.ca,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.clientCert !== undefined){
let data3 = data.clientCert;
if(!(((data3 === "none") || (data3 === "request")) || (data3 === "require"))){
const err7 = {instancePath:instancePath+"/clientCert",schemaPath:"#/properties/clientCert/enum",keyword:"enum",params:{allowedValues: schema67.properties.clientCert.enum},message:"must be equal to one of the allowed values",schema:schema67.properties.clientCert.enum,parentSchema:schema67.properties.clientCert,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.ciphers !== undefined){
let data4 = data.ciphers;
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err8 = {instancePath:instancePath+"/ciphers",schemaPath:"#/properties/ciphers/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.ciphers,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/ciphers",schemaPath:"#/properties/ciphers/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.ciphers.type,parentSchema:schema67.properties.ciphers,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.minVersion !== undefined){
let data5 = data.minVersion;
if(!((data5 === "TLSv1.2") || (data5 === "TLSv1.3"))){
const err10 = {instancePath:instancePath+"/minVersion",schemaPath:"#/properties/minVersion/enum",keyword:"enum",params:{allowedValues: schema67.properties.minVersion.enum},message:"must be equal to one of the allowed values",schema:schema67.properties.minVersion.enum,parentSchema:schema67.properties.minVersion,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.sni !== undefined){
let data6 = data.sni;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key1 in data6){
const _errs21 = errors;
if(typeof key1 === "string"){
if(!pattern21.test(key1)){
const err11 = {instancePath:instancePath+"/sni",schemaPath:"#/properties/sni/propertyNames/pattern",keyword:"pattern",params:{pattern: "^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"},message:"must match pattern \""+"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"+"\"",schema:"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",parentSchema:schema67.properties.sni.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var valid1 = _errs21 === errors;
if(!valid1){
const err12 = {instancePath:instancePath+"/sni",schemaPath:"#/properties/sni/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema67.properties.sni.propertyNames,parentSchema:schema67.properties.sni,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
for(const key2 in data6){
let data7 = data6[key2];
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.cert === undefined){
const err13 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sni/additionalProperties/required",keyword:"required",params:{missingProperty: "cert"},message:"must have required property '"+"cert"+"'",schema:schema67.properties.sni.additionalProperties.required,parentSchema:schema67.properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data7.key === undefined){
const err14 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sni/additionalProperties/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema67.properties.sni.additionalProperties.required,parentSchema:schema67.properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
for(const key3 in data7){
if(!((key3 === "cert") || (key3 === "key"))){
const err15 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sni/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema67.properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data7.cert !== undefined){
let data8 = data7.cert;
if(typeof data8 === "string"){
if(func2(data8) < 1){
const err16 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/properties/sni/additionalProperties/properties/cert/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.sni.additionalProperties.properties.cert,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/properties/sni/additionalProperties/properties/cert/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.sni.additionalProperties.properties.cert.type,parentSchema:schema67.properties.sni.additionalProperties.properties.cert,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data7.key !== undefined){
let data9 = data7.key;
if(typeof data9 === "string"){
if(func2(data9) < 1){
const err18 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/properties/sni/additionalProperties/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema67.properties.sni.additionalProperties.properties.key,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/properties/sni/additionalProperties/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema67.properties.sni.additionalProperties.properties.key.type,parentSchema:schema67.properties.sni.additionalProperties.properties.key,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/sni/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sni/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema67.properties.sni.additionalProperties.type,parentSchema:schema67.properties.sni.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/sni",schemaPath:"#/properties/sni/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema67.properties.sni.type,parentSchema:schema67.properties.sni,data:data6};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema67.type,parentSchema:schema67,data};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
validate66.errors = vErrors;
return errors === 0;
}

const schema68 = {"type":"null"};

function validate67(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema68.type,parentSchema:schema68,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate67.errors = vErrors;
return errors === 0;
}

const schema69 = {"type":"array","items":{"type":"string","enum":["h1","h2","h2c"]},"minItems":1,"uniqueItems":true,"default":["h1"],"description":"The HTTP versions served. `h1`: HTTP/1.1 (and 1.0). `h2`: HTTP/2 over TLS, chosen by ALPN on every TLS listener (needs `tls`); a client that offers both gets HTTP/2, one that offers only `http/1.1` (or nothing) gets HTTP/1.1 if `h1` is listed. `h2c`: cleartext HTTP/2 with prior knowledge on every plain listener (unix sockets, and TCP without `tls`), for a proxy that speaks HTTP/2 to its upstreams; a connection is taken as HTTP/2 when it opens with the HTTP/2 preface and its peer is in `forwardedAllowIps` (as in Gunicorn 26), any other is served HTTP/1.1. The order does not matter: HTTP/2 is preferred when both are possible. Apps need no change: HTTP/2 requests come through Node's compatibility API as `(req, res)`.","x-tsgun":{"section":"HTTP/2","reload":"respawn","cli":"--http-protocols","env":"TSGUN_HTTP_PROTOCOLS","gunicorn":"http_protocols","arg":"<list>","envFormat":"comma-separated list","tsType":"readonly (\"h1\" | \"h2\" | \"h2c\")[]"}};

function validate68(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(Array.isArray(data)){
if(data.length < 1){
const err0 = {instancePath,schemaPath:"#/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema69.items.type,parentSchema:schema69.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!(((data0 === "h1") || (data0 === "h2")) || (data0 === "h2c"))){
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/enum",keyword:"enum",params:{allowedValues: schema69.items.enum},message:"must be equal to one of the allowed values",schema:schema69.items.enum,parentSchema:schema69.items,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
let i1 = data.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err3 = {instancePath,schemaPath:"#/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema69.type,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate68.errors = vErrors;
return errors === 0;
}

const schema70 = {"type":"integer","minimum":1,"maximum":2147483647,"default":100,"description":"The most streams (requests in flight) one HTTP/2 connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS). A client that opens more gets its extra streams refused.","x-tsgun":{"section":"HTTP/2","reload":"respawn","cli":"--http2-max-concurrent-streams","env":"TSGUN_HTTP2_MAX_CONCURRENT_STREAMS","gunicorn":"http2_max_concurrent_streams","arg":"<n>"}};

function validate69(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema70.type,parentSchema:schema70,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 2147483647 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema70,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema70,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate69.errors = vErrors;
return errors === 0;
}

const schema71 = {"type":"integer","minimum":1024,"maximum":4294967295,"default":65536,"description":"The largest header block an HTTP/2 request may send, in bytes, decompressed: every field's name and value plus 32 bytes each, pseudo-headers included (SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 section 6.5.2). A larger one is refused with a stream error before the app sees it. The `limitRequest*` limits apply to HTTP/2 requests as well.","x-tsgun":{"section":"HTTP/2","reload":"respawn","cli":"--http2-max-header-list-size","env":"TSGUN_HTTP2_MAX_HEADER_LIST_SIZE","gunicorn":"http2_max_header_list_size","arg":"<bytes>"}};

function validate70(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema71.type,parentSchema:schema71,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 4294967295 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295",schema:4294967295,parentSchema:schema71,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 1024 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema71,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate70.errors = vErrors;
return errors === 0;
}

const schema72 = {"type":"integer","minimum":0,"maximum":2147483647,"default":65535,"description":"The flow-control window of each HTTP/2 stream, in bytes: how much request body a client may send before the app reads it (SETTINGS_INITIAL_WINDOW_SIZE). Larger windows speed up big uploads over long round trips, at the cost of memory per stream.","x-tsgun":{"section":"HTTP/2","reload":"respawn","cli":"--http2-initial-window-size","env":"TSGUN_HTTP2_INITIAL_WINDOW_SIZE","gunicorn":"http2_initial_window_size","arg":"<bytes>"}};

function validate71(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema72.type,parentSchema:schema72,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 2147483647 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647},message:"must be <= 2147483647",schema:2147483647,parentSchema:schema72,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema72,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate71.errors = vErrors;
return errors === 0;
}

const schema73 = {"type":["string","null"],"minLength":1,"default":null,"description":"Where to write the access log: a file path, `-` for stdout, or `null` for no access log.","x-tsgun":{"section":"Logging","reload":"respawn","cli":"--access-log","env":"TSGUN_ACCESS_LOG","gunicorn":"accesslog","arg":"<path|->"}};

function validate72(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema73.type},message:"must be string,null",schema:schema73.type,parentSchema:schema73,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema73,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate72.errors = vErrors;
return errors === 0;
}

const schema74 = {"type":"string","minLength":1,"default":"%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"","description":"The access log line: a Gunicorn-style format string (`%(h)s` remote address, `%(r)s` request line, `%(s)s` status, `%(b)s` response length, `%(D)s` duration in microseconds, `%({name}i)s` a request header, `%({name}o)s` a response header, …), or `json` for one JSON object per request. Cookies and authorization headers are never logged unless the format names them.","x-tsgun":{"section":"Logging","reload":"respawn","cli":"--access-log-format","env":"TSGUN_ACCESS_LOG_FORMAT","gunicorn":"access_log_format","arg":"<format>"}};

function validate73(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema74.type,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate73.errors = vErrors;
return errors === 0;
}

const schema75 = {"type":"string","minLength":1,"default":"-","description":"Where tsgun's own log (lifecycle events, errors) goes: a file path or `-` for stdout. SIGUSR1 reopens it after rotation.","x-tsgun":{"section":"Logging","reload":"restart","cli":"--error-log","env":"TSGUN_ERROR_LOG","gunicorn":"errorlog","arg":"<path|->"}};

function validate74(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema75,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.type,parentSchema:schema75,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate74.errors = vErrors;
return errors === 0;
}

const schema76 = {"enum":["trace","debug","info","warn","error","fatal","silent"],"default":"info","description":"The lowest level written to the error log.","x-tsgun":{"section":"Logging","reload":"live","cli":"--log-level","env":"TSGUN_LOG_LEVEL","gunicorn":"loglevel","arg":"<level>"}};

function validate75(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((((((data === "trace") || (data === "debug")) || (data === "info")) || (data === "warn")) || (data === "error")) || (data === "fatal")) || (data === "silent"))){
const err0 = {instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema76.enum},message:"must be equal to one of the allowed values",schema:schema76.enum,parentSchema:schema76,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate75.errors = vErrors;
return errors === 0;
}

const schema77 = {"enum":["auto","pretty","json"],"default":"auto","description":"The log line format: `json` (one pino JSON object per line), `pretty` (pino-pretty, for people), or `auto`: pretty when stdout is a terminal, JSON otherwise.","x-tsgun":{"section":"Logging","reload":"restart","cli":"--log-format","env":"TSGUN_LOG_FORMAT","gunicorn":null,"arg":"<format>"}};

function validate76(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((data === "auto") || (data === "pretty")) || (data === "json"))){
const err0 = {instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema77.enum},message:"must be equal to one of the allowed values",schema:schema77.enum,parentSchema:schema77,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate76.errors = vErrors;
return errors === 0;
}

const schema78 = {"anyOf":[{"type":"boolean"},{"const":"auto"}],"default":"auto","description":"Turn what user code prints (`console.log`, `console.error`, `process.stdout.write`: the app, worker hooks, and in the master its hooks and a reloaded config) into `output.printed` log events, one per line, with the process's identity (worker slot, pid, generation): stdout lines at `info`, stderr lines at `warn`, a line over 3 KiB cut into numbered parts. The log stream then stays one JSON object per line. `auto` captures when the log lines are JSON (`logFormat: 'json'`, or `auto` off a terminal); `false` leaves the output raw on the process's stdout and stderr. Writes that bypass `process.stdout` (a child process with inherited stdio, a native addon) are never captured. Gunicorn's capture_output.","x-tsgun":{"section":"Logging","reload":"respawn","cli":"--capture-output","env":"TSGUN_CAPTURE_OUTPUT","gunicorn":"capture_output","arg":"<auto|true|false>","tsType":"boolean | 'auto'"}};

function validate77(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema78.anyOf[0].type,parentSchema:schema78.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if("auto" !== data){
const err1 = {instancePath,schemaPath:"#/anyOf/1/const",keyword:"const",params:{allowedValue: "auto"},message:"must be equal to constant",schema:"auto",parentSchema:schema78.anyOf[1],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err2 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema78.anyOf,parentSchema:schema78,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate77.errors = vErrors;
return errors === 0;
}

const schema79 = {"type":"boolean"};

function validate78(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema79.type,parentSchema:schema79,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate78.errors = vErrors;
return errors === 0;
}

const schema80 = {"const":"auto"};

function validate79(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if("auto" !== data){
const err0 = {instancePath,schemaPath:"#/const",keyword:"const",params:{allowedValue: "auto"},message:"must be equal to constant",schema:"auto",parentSchema:schema80,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate79.errors = vErrors;
return errors === 0;
}

const schema81 = {"type":["string","null"],"minLength":1,"default":null,"description":"A file the master writes its PID to while it runs (removed on exit). `tsgun reload` can find the master through it.","x-tsgun":{"section":"Process","reload":"restart","cli":"-p, --pidfile","env":"TSGUN_PIDFILE","gunicorn":"pidfile","arg":"<path>"}};

function validate80(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema81.type},message:"must be string,null",schema:schema81.type,parentSchema:schema81,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema81,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate80.errors = vErrors;
return errors === 0;
}

const schema82 = {"type":["string","null"],"minLength":1,"default":null,"description":"A unix socket on which the master accepts control commands: `tsgun status`, `reload`, `scale`, `stop`, `reopen-logs`. Owned by the master's user, with `controlSocketMode` and `controlSocketGroup`. `null` disables it.","x-tsgun":{"section":"Process","reload":"restart","cli":"--control-socket","env":"TSGUN_CONTROL_SOCKET","gunicorn":null,"arg":"<path>"}};

function validate81(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema82.type},message:"must be string,null",schema:schema82.type,parentSchema:schema82,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema82,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate81.errors = vErrors;
return errors === 0;
}

const schema83 = {"anyOf":[{"type":"integer","minimum":0,"maximum":511},{"type":"string","pattern":"^(0o?)?[0-7]{1,3}$","title":"an octal string such as \"0660\" or \"0o660\""}],"default":"0600","description":"The mode of the control socket: an integer or an octal string (`\"0660\"`). Connecting needs write permission, so `0660` lets the members of `controlSocketGroup` run `tsgun status`, `reload`, `scale` and `stop`; the default `0600` only the master's user (and root). Set before the socket appears at its path, whatever the `umask`.","x-tsgun":{"section":"Process","reload":"restart","cli":"--control-socket-mode","env":"TSGUN_CONTROL_SOCKET_MODE","gunicorn":null,"arg":"<mode>","tsType":"number | string"}};
const pattern23 = new RegExp("^(0o?)?[0-7]{1,3}$", "u");

function validate82(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema83.anyOf[0].type,parentSchema:schema83.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 511 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 511},message:"must be <= 511",schema:511,parentSchema:schema83.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema83.anyOf[0],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern23.test(data)){
const err3 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(0o?)?[0-7]{1,3}$"},message:"must match pattern \""+"^(0o?)?[0-7]{1,3}$"+"\"",schema:"^(0o?)?[0-7]{1,3}$",parentSchema:schema83.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema83.anyOf[1].type,parentSchema:schema83.anyOf[1],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema83.anyOf,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate82.errors = vErrors;
return errors === 0;
}

const schema84 = {"type":"integer","minimum":0,"maximum":511};

function validate83(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema84.type,parentSchema:schema84,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 511 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 511},message:"must be <= 511",schema:511,parentSchema:schema84,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema84,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate83.errors = vErrors;
return errors === 0;
}

const schema85 = {"type":"string","pattern":"^(0o?)?[0-7]{1,3}$","title":"an octal string such as \"0660\" or \"0o660\""};

function validate84(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern23.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(0o?)?[0-7]{1,3}$"},message:"must match pattern \""+"^(0o?)?[0-7]{1,3}$"+"\"",schema:"^(0o?)?[0-7]{1,3}$",parentSchema:schema85,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema85.type,parentSchema:schema85,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate84.errors = vErrors;
return errors === 0;
}

const schema86 = {"anyOf":[{"type":"string","minLength":1},{"type":"integer","minimum":0},{"type":"null"}],"default":null,"description":"The group (name or gid) the control socket belongs to, for a deploy group that steers the server without root (with `controlSocketMode: '0660'`). It is not `group` on purpose: the workers' group must not be able to stop or scale the master. `null` keeps the master's group. A master that is not root can only choose a group it is a member of.","x-tsgun":{"section":"Process","reload":"restart","cli":"--control-socket-group","env":"TSGUN_CONTROL_SOCKET_GROUP","gunicorn":null,"arg":"<group>","tsType":"string | number | null"}};

function validate85(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema86.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema86.anyOf[0].type,parentSchema:schema86.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err2 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema86.anyOf[1].type,parentSchema:schema86.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err3 = {instancePath,schemaPath:"#/anyOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema86.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err4 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema86.anyOf[2].type,parentSchema:schema86.anyOf[2],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema86.anyOf,parentSchema:schema86,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate85.errors = vErrors;
return errors === 0;
}

const schema87 = {"type":"string","minLength":1};

function validate86(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema87,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema87.type,parentSchema:schema87,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate86.errors = vErrors;
return errors === 0;
}

const schema88 = {"type":"integer","minimum":0};

function validate87(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema88.type,parentSchema:schema88,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema88,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate87.errors = vErrors;
return errors === 0;
}

const schema89 = {"type":"null"};

function validate88(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema89.type,parentSchema:schema89,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate88.errors = vErrors;
return errors === 0;
}

const schema90 = {"type":["string","null"],"minLength":1,"default":null,"description":"A TCP address (`HOST:PORT`, `[IPV6]:PORT`) on which the master serves Prometheus metrics (`/metrics`) and health checks (`/livez`, `/readyz`) for load balancers and Kubernetes (docs/metrics.md). Served by the master, never by a worker, so that it answers while workers are busy or being replaced; the workers then count their requests and report them over IPC. Keep it on a private interface (`127.0.0.1:9100`, or the pod's address): it tells whoever reaches it how busy the server is. `null` (the default) turns it off: nothing is loaded or counted for it.","x-tsgun":{"section":"Process","reload":"restart","cli":"--metrics-bind","env":"TSGUN_METRICS_BIND","gunicorn":null,"arg":"<host:port>"}};

function validate89(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema90.type},message:"must be string,null",schema:schema90.type,parentSchema:schema90,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema90,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate89.errors = vErrors;
return errors === 0;
}

const schema91 = {"anyOf":[{"type":"string","minLength":1},{"type":"integer","minimum":0},{"type":"null"}],"default":null,"description":"Workers switch to this user (name or uid) after the master has bound the listeners, so a master started as root can bind port 80 while the app runs unprivileged: supplementary groups, then the group (see `group`), then the user. `null` keeps the current user.","x-tsgun":{"section":"Process","reload":"respawn","cli":"-u, --user","env":"TSGUN_USER","gunicorn":"user","arg":"<user>","tsType":"string | number | null"}};

function validate90(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema91.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema91.anyOf[0].type,parentSchema:schema91.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err2 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema91.anyOf[1].type,parentSchema:schema91.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err3 = {instancePath,schemaPath:"#/anyOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema91.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err4 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema91.anyOf[2].type,parentSchema:schema91.anyOf[2],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema91.anyOf,parentSchema:schema91,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate90.errors = vErrors;
return errors === 0;
}

const schema92 = {"type":"string","minLength":1};

function validate91(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.type,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate91.errors = vErrors;
return errors === 0;
}

const schema93 = {"type":"integer","minimum":0};

function validate92(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema93.type,parentSchema:schema93,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema93,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate92.errors = vErrors;
return errors === 0;
}

const schema94 = {"type":"null"};

function validate93(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema94.type,parentSchema:schema94,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate93.errors = vErrors;
return errors === 0;
}

const schema95 = {"anyOf":[{"type":"string","minLength":1},{"type":"integer","minimum":0},{"type":"null"}],"default":null,"description":"Workers switch to this group (name or gid), as `user` does. `null` with `user` set means the user's primary group from the passwd database (Debian's `nobody` runs as `nobody:nogroup`); a numeric `user` with no passwd entry then needs `group`. Supplementary groups are those of the user in the group database.","x-tsgun":{"section":"Process","reload":"respawn","cli":"-g, --group","env":"TSGUN_GROUP","gunicorn":"group","arg":"<group>","tsType":"string | number | null"}};

function validate94(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema95.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema95.anyOf[0].type,parentSchema:schema95.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err2 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema95.anyOf[1].type,parentSchema:schema95.anyOf[1],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err3 = {instancePath,schemaPath:"#/anyOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema95.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err4 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema95.anyOf[2].type,parentSchema:schema95.anyOf[2],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema95.anyOf,parentSchema:schema95,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate94.errors = vErrors;
return errors === 0;
}

const schema96 = {"type":"string","minLength":1};

function validate95(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema96,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema96.type,parentSchema:schema96,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate95.errors = vErrors;
return errors === 0;
}

const schema97 = {"type":"integer","minimum":0};

function validate96(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema97.type,parentSchema:schema97,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema97,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate96.errors = vErrors;
return errors === 0;
}

const schema98 = {"type":"null"};

function validate97(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema98.type,parentSchema:schema98,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate97.errors = vErrors;
return errors === 0;
}

const schema99 = {"anyOf":[{"type":"integer","minimum":0,"maximum":511},{"type":"string","pattern":"^(0o?)?[0-7]{1,3}$","title":"an octal string such as \"022\" or \"0o027\""},{"type":"null"}],"default":null,"description":"The file mode creation mask of the master and workers: an integer or an octal string (`\"022\"`, `\"0o027\"`). `null` keeps the inherited one.","x-tsgun":{"section":"Process","reload":"restart","cli":"--umask","env":"TSGUN_UMASK","gunicorn":"umask","arg":"<mask>","tsType":"number | string | null"}};

function validate98(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/anyOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema99.anyOf[0].type,parentSchema:schema99.anyOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 511 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/anyOf/0/maximum",keyword:"maximum",params:{comparison: "<=", limit: 511},message:"must be <= 511",schema:511,parentSchema:schema99.anyOf[0],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/anyOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema99.anyOf[0],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs3 = errors;
if(typeof data === "string"){
if(!pattern23.test(data)){
const err3 = {instancePath,schemaPath:"#/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^(0o?)?[0-7]{1,3}$"},message:"must match pattern \""+"^(0o?)?[0-7]{1,3}$"+"\"",schema:"^(0o?)?[0-7]{1,3}$",parentSchema:schema99.anyOf[1],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath,schemaPath:"#/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema99.anyOf[1].type,parentSchema:schema99.anyOf[1],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs5 = errors;
if(data !== null){
const err5 = {instancePath,schemaPath:"#/anyOf/2/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema99.anyOf[2].type,parentSchema:schema99.anyOf[2],data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var _valid0 = _errs5 === errors;
valid0 = valid0 || _valid0;
}
}
if(!valid0){
const err6 = {instancePath,schemaPath:"#/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema99.anyOf,parentSchema:schema99,data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate98.errors = vErrors;
return errors === 0;
}

const schema100 = {"type":"integer","minimum":0,"maximum":511};

function validate99(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((typeof data == "number") && (!(data % 1) && !isNaN(data))) && (isFinite(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema100.type,parentSchema:schema100,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data > 511 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/maximum",keyword:"maximum",params:{comparison: "<=", limit: 511},message:"must be <= 511",schema:511,parentSchema:schema100,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data < 0 || isNaN(data)){
const err2 = {instancePath,schemaPath:"#/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema100,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate99.errors = vErrors;
return errors === 0;
}

const schema101 = {"type":"string","pattern":"^(0o?)?[0-7]{1,3}$","title":"an octal string such as \"022\" or \"0o027\""};

function validate100(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(!pattern23.test(data)){
const err0 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(0o?)?[0-7]{1,3}$"},message:"must match pattern \""+"^(0o?)?[0-7]{1,3}$"+"\"",schema:"^(0o?)?[0-7]{1,3}$",parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema101.type,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate100.errors = vErrors;
return errors === 0;
}

const schema102 = {"type":"null"};

function validate101(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "null"},message:"must be null",schema:schema102.type,parentSchema:schema102,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate101.errors = vErrors;
return errors === 0;
}

const schema103 = {"type":["string","null"],"minLength":1,"default":null,"description":"The directory the master and workers change to before loading the app; a relative path is relative to the config file's directory (to the working directory without one). Relative `errorLog`, `accessLog`, `pidfile` and `controlSocket` paths are then relative to it. `null` keeps the working directory tsgun was started in.","x-tsgun":{"section":"Process","reload":"restart","cli":"--chdir","env":"TSGUN_CHDIR","gunicorn":"chdir","arg":"<dir>"}};

function validate102(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema103.type},message:"must be string,null",schema:schema103.type,parentSchema:schema103,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema103,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
validate102.errors = vErrors;
return errors === 0;
}

const schema104 = {"type":"object","additionalProperties":{"type":"string"},"propertyNames":{"pattern":"^[^=\\u0000]+$","title":"a variable name without \"=\""},"default":{},"description":"Environment variables set in every worker, on top of the master's environment.","x-tsgun":{"section":"Process","reload":"respawn","cli":"-e, --env","env":false,"gunicorn":"raw_env","arg":"<KEY=VALUE>","cliFormat":"repeatable KEY=VALUE","tsType":"Record<string, string>"}};
const pattern27 = new RegExp("^[^=\\u0000]+$", "u");

function validate103(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs2 = errors;
if(typeof key0 === "string"){
if(!pattern27.test(key0)){
const err0 = {instancePath,schemaPath:"#/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[^=\\u0000]+$"},message:"must match pattern \""+"^[^=\\u0000]+$"+"\"",schema:"^[^=\\u0000]+$",parentSchema:schema104.propertyNames,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var valid0 = _errs2 === errors;
if(!valid0){
const err1 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema104.propertyNames,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
for(const key1 in data){
let data0 = data[key1];
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema104.additionalProperties.type,parentSchema:schema104.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema104.type,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate103.errors = vErrors;
return errors === 0;
}

const schema105 = {"type":["string","null"],"minLength":1,"maxLength":64,"default":null,"description":"The name shown in `ps` for the master (`tsgun: master [NAME]`) and workers (`tsgun: worker [NAME]`). `null` uses the app name.","x-tsgun":{"section":"Process","reload":"respawn","cli":"-n, --proc-name","env":"TSGUN_PROC_NAME","gunicorn":"proc_name","arg":"<name>"}};

function validate104(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (data !== null)){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema105.type},message:"must be string,null",schema:schema105.type,parentSchema:schema105,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) > 64){
const err1 = {instancePath,schemaPath:"#/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema105,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(func2(data) < 1){
const err2 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema105,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate104.errors = vErrors;
return errors === 0;
}

const schema106 = {"type":"boolean","default":false,"description":"Reload (zero-downtime, as on SIGHUP) when the config file or a local file it imports changes.","x-tsgun":{"section":"Development","reload":"live","cli":"--watch","env":"TSGUN_WATCH","gunicorn":null}};

function validate105(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema106.type,parentSchema:schema106,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate105.errors = vErrors;
return errors === 0;
}

const schema107 = {"type":"boolean","default":false,"description":"Development mode: reload the workers when a file the app imports changes (its module graph, as the workers load it) or one of `reloadExtraFiles`; the config file and its local modules reload as under `watch`. tsgun's own files (pidfile, logs, sockets) never trigger a reload. Not for production.","x-tsgun":{"section":"Development","reload":"live","cli":"--reload","env":"TSGUN_RELOAD","gunicorn":"reload"}};

function validate106(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "boolean"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema107.type,parentSchema:schema107,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate106.errors = vErrors;
return errors === 0;
}

const schema108 = {"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true,"default":[],"description":"More files or directories that trigger a reload under `reload`: what the app reads without importing it (templates, `.env` files). Relative to the config file's directory. Globs are not expanded.","x-tsgun":{"section":"Development","reload":"live","cli":"--reload-extra-file","env":"TSGUN_RELOAD_EXTRA_FILES","gunicorn":"reload_extra_files","arg":"<path>","envFormat":"comma-separated list"}};

function validate107(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(Array.isArray(data)){
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err0 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema108.items,data:data0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema108.items.type,parentSchema:schema108.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
let i1 = data.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err2 = {instancePath,schemaPath:"#/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema108,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema108.type,parentSchema:schema108,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate107.errors = vErrors;
return errors === 0;
}

const schema109 = {"typeof":"function","description":"Runs in the master once, after the config is resolved and before the listeners are bound.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"on_starting","hook":{"process":"master","signature":"(ctx: MasterHookContext) => void | Promise<void>"}}};

function validate108(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate108.errors = vErrors;
return errors === 0;
}

const schema110 = {"typeof":"function","description":"Runs in the master when a reload starts, with the new config, before the new generation is booted. A throw rolls the reload back.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"on_reload","hook":{"process":"master","signature":"(ctx: ReloadHookContext) => void | Promise<void>"}}};

function validate109(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema110,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate109.errors = vErrors;
return errors === 0;
}

const schema111 = {"typeof":"function","description":"Runs in the master once the first generation of workers is ready and serving.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"when_ready","hook":{"process":"master","signature":"(ctx: MasterHookContext) => void | Promise<void>"}}};

function validate110(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema111,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate110.errors = vErrors;
return errors === 0;
}

const schema112 = {"typeof":"function","description":"Runs in the master just before a worker process is spawned, with the worker's slot id and generation (its pid is 0: it does not exist yet). A throw or a timeout is logged (`hook.failed`) and the worker is spawned anyway.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"pre_fork","hook":{"process":"master","signature":"(worker: WorkerInfo, ctx: MasterHookContext) => void | Promise<void>"}}};

function validate111(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema112,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate111.errors = vErrors;
return errors === 0;
}

const schema113 = {"typeof":"function","description":"Runs in the worker as soon as it starts, before the app is imported. A throw is a boot failure.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"post_fork","hook":{"process":"worker","signature":"(worker: WorkerInfo) => void | Promise<void>"}}};

function validate112(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema113,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate112.errors = vErrors;
return errors === 0;
}

const schema114 = {"typeof":"function","description":"Runs in the worker after the app is loaded, before it starts accepting. A throw is a boot failure.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"post_worker_init","hook":{"process":"worker","signature":"(worker: WorkerInfo) => void | Promise<void>"}}};

function validate113(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema114,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate113.errors = vErrors;
return errors === 0;
}

const schema115 = {"typeof":"function","description":"Runs in the worker at a fast stop (SIGINT or SIGQUIT to the master), before it closes its connections. It has about 2 s: the master SIGKILLs workers still running after that.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"worker_int","hook":{"process":"worker","signature":"(worker: WorkerInfo) => void | Promise<void>"}}};

function validate114(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema115,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate114.errors = vErrors;
return errors === 0;
}

const schema116 = {"typeof":"function","description":"Runs in the worker when the master aborts it for a missed heartbeat (`timeout`), if the process can still run code.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"worker_abort","hook":{"process":"worker","signature":"(worker: WorkerInfo) => void | Promise<void>"}}};

function validate115(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema116,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate115.errors = vErrors;
return errors === 0;
}

const schema117 = {"typeof":"function","description":"Runs in the worker before each request is handed to the app. Keep it cheap: it is on the hot path.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"pre_request","hook":{"process":"worker","signature":"(req: IncomingMessage, worker: WorkerInfo) => void"}}};

function validate116(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema117,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate116.errors = vErrors;
return errors === 0;
}

const schema118 = {"typeof":"function","description":"Runs in the worker after each response has been sent.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"post_request","hook":{"process":"worker","signature":"(req: IncomingMessage, res: ServerResponse, worker: WorkerInfo) => void"}}};

function validate117(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema118,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate117.errors = vErrors;
return errors === 0;
}

const schema119 = {"typeof":"function","description":"Runs in the master after a worker process has exited, with its exit code and signal.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"child_exit","hook":{"process":"master","signature":"(worker: WorkerExitInfo) => void | Promise<void>"}}};

function validate118(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema119,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate118.errors = vErrors;
return errors === 0;
}

const schema120 = {"typeof":"function","description":"Runs in the worker as it exits after a graceful stop, once its server is closed.","x-tsgun":{"section":"Hooks","reload":"respawn","cli":false,"env":false,"gunicorn":"worker_exit","hook":{"process":"worker","signature":"(worker: WorkerInfo) => void | Promise<void>"}}};

function validate119(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema120,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate119.errors = vErrors;
return errors === 0;
}

const schema121 = {"typeof":"function","description":"Runs in the master when the target number of workers changes (TTIN, TTOU, a reload).","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"nworkers_changed","hook":{"process":"master","signature":"(next: number, previous: number, ctx: MasterHookContext) => void | Promise<void>"}}};

function validate120(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema121,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate120.errors = vErrors;
return errors === 0;
}

const schema122 = {"typeof":"function","description":"Runs in the master just before it exits.","x-tsgun":{"section":"Hooks","reload":"live","cli":false,"env":false,"gunicorn":"on_exit","hook":{"process":"master","signature":"(ctx: MasterHookContext) => void | Promise<void>"}}};

function validate121(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data !== "function"){
const err0 = {instancePath,schemaPath:"#/typeof",keyword:"typeof",params:{},message:"must pass \"typeof\" keyword validation",schema:"function",parentSchema:schema122,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate121.errors = vErrors;
return errors === 0;
}

const schema123 = {"type":"string","minLength":1,"description":"Path to the PEM certificate chain.","x-tsgun":{"cli":"--tls-cert","env":"TSGUN_TLS_CERT","arg":"<path>","gunicorn":"certfile"}};

function validate122(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema123,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema123.type,parentSchema:schema123,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate122.errors = vErrors;
return errors === 0;
}

const schema124 = {"type":"string","minLength":1,"description":"Path to the PEM private key.","x-tsgun":{"cli":"--tls-key","env":"TSGUN_TLS_KEY","arg":"<path>","gunicorn":"keyfile"}};

function validate123(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema124,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema124.type,parentSchema:schema124,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate123.errors = vErrors;
return errors === 0;
}

const schema125 = {"type":"string","minLength":1,"description":"Path to PEM CA certificates used to verify client certificates.","x-tsgun":{"cli":"--tls-ca","env":"TSGUN_TLS_CA","arg":"<path>","gunicorn":"ca_certs"}};

function validate124(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema125,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema125.type,parentSchema:schema125,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate124.errors = vErrors;
return errors === 0;
}

const schema126 = {"enum":["none","request","require"],"description":"Client certificate policy: `none` (default), `request` (ask, accept without), `require` (reject connections without a valid one; needs `ca`).","x-tsgun":{"cli":"--tls-client-cert","env":"TSGUN_TLS_CLIENT_CERT","arg":"<policy>","gunicorn":"cert_reqs"}};

function validate125(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!(((data === "none") || (data === "request")) || (data === "require"))){
const err0 = {instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema126.enum},message:"must be equal to one of the allowed values",schema:schema126.enum,parentSchema:schema126,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate125.errors = vErrors;
return errors === 0;
}

const schema127 = {"type":"string","minLength":1,"description":"OpenSSL cipher list; Node's default when absent.","x-tsgun":{"cli":"--tls-ciphers","env":"TSGUN_TLS_CIPHERS","arg":"<list>","gunicorn":"ciphers"}};

function validate126(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(typeof data === "string"){
if(func2(data) < 1){
const err0 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema127,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema127.type,parentSchema:schema127,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate126.errors = vErrors;
return errors === 0;
}

const schema128 = {"enum":["TLSv1.2","TLSv1.3"],"description":"The lowest TLS version accepted; `TLSv1.2` when absent.","x-tsgun":{"cli":"--tls-min-version","env":"TSGUN_TLS_MIN_VERSION","arg":"<version>","gunicorn":"ssl_version"}};

function validate127(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!((data === "TLSv1.2") || (data === "TLSv1.3"))){
const err0 = {instancePath,schemaPath:"#/enum",keyword:"enum",params:{allowedValues: schema128.enum},message:"must be equal to one of the allowed values",schema:schema128.enum,parentSchema:schema128,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
validate127.errors = vErrors;
return errors === 0;
}

const schema129 = {"type":"object","propertyNames":{"pattern":"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$","title":"a server name such as `api.example.com`, or `*.example.com` for one label under it"},"additionalProperties":{"type":"object","additionalProperties":false,"required":["cert","key"],"properties":{"cert":{"type":"string","minLength":1,"description":"Path to the PEM certificate chain served for this name."},"key":{"type":"string","minLength":1,"description":"Path to the PEM private key of that certificate."}}},"description":"More certificates, chosen by the server name the client asks for (SNI): a map from a name (`api.example.com`, or `*.example.com` for any one label under it) to its `{ cert, key }`. An exact name wins over a wildcard; a client that names none of them, or no name at all, gets `tls.cert`. Names are compared case-insensitively. Relative paths are relative to the config file, and the files are re-read on reload like `tls.cert`.","x-tsgun":{"cli":false,"env":"TSGUN_TLS_SNI","gunicorn":null,"envFormat":"JSON object","tsType":"Readonly<Record<string, { readonly cert: string; readonly key: string }>>"}};

function validate128(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs2 = errors;
if(typeof key0 === "string"){
if(!pattern21.test(key0)){
const err0 = {instancePath,schemaPath:"#/propertyNames/pattern",keyword:"pattern",params:{pattern: "^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"},message:"must match pattern \""+"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"+"\"",schema:"^(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",parentSchema:schema129.propertyNames,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var valid0 = _errs2 === errors;
if(!valid0){
const err1 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema129.propertyNames,parentSchema:schema129,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
for(const key1 in data){
let data0 = data[key1];
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.cert === undefined){
const err2 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/required",keyword:"required",params:{missingProperty: "cert"},message:"must have required property '"+"cert"+"'",schema:schema129.additionalProperties.required,parentSchema:schema129.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data0.key === undefined){
const err3 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema129.additionalProperties.required,parentSchema:schema129.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key2 in data0){
if(!((key2 === "cert") || (key2 === "key"))){
const err4 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema129.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.cert !== undefined){
let data1 = data0.cert;
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err5 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/additionalProperties/properties/cert/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema129.additionalProperties.properties.cert,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/cert",schemaPath:"#/additionalProperties/properties/cert/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema129.additionalProperties.properties.cert.type,parentSchema:schema129.additionalProperties.properties.cert,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.key !== undefined){
let data2 = data0.key;
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err7 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/additionalProperties/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema129.additionalProperties.properties.key,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/key",schemaPath:"#/additionalProperties/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema129.additionalProperties.properties.key.type,parentSchema:schema129.additionalProperties.properties.key,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema129.additionalProperties.type,parentSchema:schema129.additionalProperties,data:data0};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema129.type,parentSchema:schema129,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
validate128.errors = vErrors;
return errors === 0;
}


function ucs2length(str) {
    const len = str.length;
    let length = 0;
    let pos = 0;
    let value;
    while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 0xd800 && value <= 0xdbff && pos < len) {
            // high surrogate, and there is a next character
            value = str.charCodeAt(pos);
            if ((value & 0xfc00) === 0xdc00)
                pos++; // low surrogate
        }
    }
    return length;
}

/** What ajv reports for one failed keyword (ajv's ErrorObject with `verbose: true`). */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly propertyName?: string;
  readonly message?: string;
  readonly schema: unknown;
  readonly parentSchema: unknown;
  readonly data: unknown;
}

export interface GeneratedValidator {
  (data: unknown): boolean;
  readonly errors?: readonly SchemaError[] | null;
}

/** The validator of each node, by the node's JSON pointer in schema/tsgun.schema.json. */
export const validators: ReadonlyMap<string, GeneratedValidator> = new Map([
  ["/properties/$schema", validate10],
  ["/properties/app", validate11],
  ["/properties/bind", validate12],
  ["/properties/backlog", validate13],
  ["/properties/workers", validate14],
  ["/properties/workers/anyOf/0", validate15],
  ["/properties/workers/anyOf/1", validate16],
  ["/properties/workerConnections", validate17],
  ["/properties/balanceConnections", validate18],
  ["/properties/timeout", validate19],
  ["/properties/timeout/anyOf/0", validate20],
  ["/properties/timeout/anyOf/1", validate21],
  ["/properties/bootTimeout", validate22],
  ["/properties/bootTimeout/anyOf/0", validate23],
  ["/properties/bootTimeout/anyOf/1", validate24],
  ["/properties/bootAttempts", validate25],
  ["/properties/gracefulTimeout", validate26],
  ["/properties/gracefulTimeout/anyOf/0", validate27],
  ["/properties/gracefulTimeout/anyOf/1", validate28],
  ["/properties/requestTimeout", validate29],
  ["/properties/requestTimeout/anyOf/0", validate30],
  ["/properties/requestTimeout/anyOf/1", validate31],
  ["/properties/requestTimeout/anyOf/2", validate32],
  ["/properties/reloadBatch", validate33],
  ["/properties/hookTimeout", validate34],
  ["/properties/hookTimeout/anyOf/0", validate35],
  ["/properties/hookTimeout/anyOf/1", validate36],
  ["/properties/keepAlive", validate37],
  ["/properties/keepAlive/anyOf/0", validate38],
  ["/properties/keepAlive/anyOf/1", validate39],
  ["/properties/headersTimeout", validate40],
  ["/properties/headersTimeout/anyOf/0", validate41],
  ["/properties/headersTimeout/anyOf/1", validate42],
  ["/properties/bodyTimeout", validate43],
  ["/properties/bodyTimeout/anyOf/0", validate44],
  ["/properties/bodyTimeout/anyOf/1", validate45],
  ["/properties/sendTimeout", validate46],
  ["/properties/sendTimeout/anyOf/0", validate47],
  ["/properties/sendTimeout/anyOf/1", validate48],
  ["/properties/maxRequests", validate49],
  ["/properties/maxRequestsJitter", validate50],
  ["/properties/maxMemory", validate51],
  ["/properties/maxMemory/anyOf/0", validate52],
  ["/properties/maxMemory/anyOf/1", validate53],
  ["/properties/maxMemory/anyOf/2", validate54],
  ["/properties/unhandledRejection", validate55],
  ["/properties/limitRequestLine", validate56],
  ["/properties/limitRequestFields", validate57],
  ["/properties/limitRequestFieldSize", validate58],
  ["/properties/limitRequestHeadersSize", validate59],
  ["/properties/limitRequestBody", validate60],
  ["/properties/forwardedAllowIps", validate61],
  ["/properties/secureSchemeHeaders", validate62],
  ["/properties/proxyProtocol", validate63],
  ["/properties/proxyAllowIps", validate64],
  ["/properties/tls", validate65],
  ["/properties/tls/anyOf/0", validate66],
  ["/properties/tls/anyOf/1", validate67],
  ["/properties/httpProtocols", validate68],
  ["/properties/http2MaxConcurrentStreams", validate69],
  ["/properties/http2MaxHeaderListSize", validate70],
  ["/properties/http2InitialWindowSize", validate71],
  ["/properties/accessLog", validate72],
  ["/properties/accessLogFormat", validate73],
  ["/properties/errorLog", validate74],
  ["/properties/logLevel", validate75],
  ["/properties/logFormat", validate76],
  ["/properties/captureOutput", validate77],
  ["/properties/captureOutput/anyOf/0", validate78],
  ["/properties/captureOutput/anyOf/1", validate79],
  ["/properties/pidfile", validate80],
  ["/properties/controlSocket", validate81],
  ["/properties/controlSocketMode", validate82],
  ["/properties/controlSocketMode/anyOf/0", validate83],
  ["/properties/controlSocketMode/anyOf/1", validate84],
  ["/properties/controlSocketGroup", validate85],
  ["/properties/controlSocketGroup/anyOf/0", validate86],
  ["/properties/controlSocketGroup/anyOf/1", validate87],
  ["/properties/controlSocketGroup/anyOf/2", validate88],
  ["/properties/metricsBind", validate89],
  ["/properties/user", validate90],
  ["/properties/user/anyOf/0", validate91],
  ["/properties/user/anyOf/1", validate92],
  ["/properties/user/anyOf/2", validate93],
  ["/properties/group", validate94],
  ["/properties/group/anyOf/0", validate95],
  ["/properties/group/anyOf/1", validate96],
  ["/properties/group/anyOf/2", validate97],
  ["/properties/umask", validate98],
  ["/properties/umask/anyOf/0", validate99],
  ["/properties/umask/anyOf/1", validate100],
  ["/properties/umask/anyOf/2", validate101],
  ["/properties/chdir", validate102],
  ["/properties/env", validate103],
  ["/properties/procName", validate104],
  ["/properties/watch", validate105],
  ["/properties/reload", validate106],
  ["/properties/reloadExtraFiles", validate107],
  ["/properties/onStarting", validate108],
  ["/properties/onReload", validate109],
  ["/properties/whenReady", validate110],
  ["/properties/preFork", validate111],
  ["/properties/postFork", validate112],
  ["/properties/postWorkerInit", validate113],
  ["/properties/workerInt", validate114],
  ["/properties/workerAbort", validate115],
  ["/properties/preRequest", validate116],
  ["/properties/postRequest", validate117],
  ["/properties/childExit", validate118],
  ["/properties/workerExit", validate119],
  ["/properties/nworkersChanged", validate120],
  ["/properties/onExit", validate121],
  ["/properties/tls/anyOf/0/properties/cert", validate122],
  ["/properties/tls/anyOf/0/properties/key", validate123],
  ["/properties/tls/anyOf/0/properties/ca", validate124],
  ["/properties/tls/anyOf/0/properties/clientCert", validate125],
  ["/properties/tls/anyOf/0/properties/ciphers", validate126],
  ["/properties/tls/anyOf/0/properties/minVersion", validate127],
  ["/properties/tls/anyOf/0/properties/sni", validate128],
]);
