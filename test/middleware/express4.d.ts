// The Express 4 alias installed for the e2e run (`express4@npm:express@^4`) ships no typings; the
// calls the tests make have the same types in both majors.
declare module 'express4' {
  import express from 'express';
  export default express;
}
