/** The seed of the embedded default's bank: resources/demo/bank.ldif and the tickets seeded at the first start. */
export const embeddedBankSeed = 'kontor-demo';
