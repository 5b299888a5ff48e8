export { Simulator, type SimulatorOptions } from './simulator.js';
