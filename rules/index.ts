import type { Rule } from '../src/engine/types.js';
import titleTooLong from './title/title-too-long.js';

/** Every rule, explicitly: adding a rule is one file and one line here. */
export const rules: readonly Rule[] = [titleTooLong] as Rule[];
