// express@4 installed under the alias `express4`, beside express@5, so both are tested.
declare module 'express4' {
  import express from 'express'
  export default express
}
