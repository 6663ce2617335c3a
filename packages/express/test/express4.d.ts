// The Express 4 dev dependency is installed under an alias; its API (as used here) has
// the same shape as Express 5's.
declare module 'express4' {
  import express from 'express';
  export default express;
}
