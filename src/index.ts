/** Public surface of the meritwalk core (src/): identity, records, store, edge state, local authoring. */
export * from './errors.js'
export * from './identity.js'
export * from './record.js'
export { isAcceptablePublicKey, signatureBackend, verifySignature, verifySignatureReference, type SignatureBackend } from './signature.js'
export * from './store.js'
export { repairStore, type RepairReport, type RepairLoss } from './store-repair.js'
export * from './edges.js'
export * from './author.js'
