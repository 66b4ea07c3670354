import fc from 'fast-check';

/**
 * `npm test` draws its random cases from a fixed seed so that CI gives the same verdict every
 * time; set FC_SEED to explore other cases (fast-check prints the seed of any failure).
 */
const seed = process.env.FC_SEED === undefined ? 20_261_122 : Number(process.env.FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${process.env.FC_SEED}'`);
fc.configureGlobal({ seed });
