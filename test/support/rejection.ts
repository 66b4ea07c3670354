import { parseScenario } from '../../scenarios/load.js';

/** The loader's message for scenario text it must reject; fails the test if it is accepted. */
export function rejection(text: string, file = 'bad.yaml'): string {
  try {
    parseScenario(text, file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}
