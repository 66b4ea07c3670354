export { znodeModel } from './znodeModel.js';
