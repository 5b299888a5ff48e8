// Settings of the TheRundown dialect (config section `dialects.therundown`).
import { z } from 'zod';

export const therundownConfigSchema = z.object({}).strict();

export type TheRundownConfig = z.infer<typeof therundownConfigSchema>;
