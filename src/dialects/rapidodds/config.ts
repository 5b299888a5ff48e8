// Settings of the RapidOdds dialect (config section `dialects.rapidodds`).
import { z } from 'zod';

export const rapidoddsConfigSchema = z.object({}).strict();

export type RapidOddsConfig = z.infer<typeof rapidoddsConfigSchema>;
