// Loaded with `node --import` by the shard benchmark: the process's peak RSS (kB), written at exit
// to the file SEO_AI_RSS_FILE names, since a parent cannot read a child's rusage from Node.
import { writeFileSync } from 'node:fs';

const file = process.env.SEO_AI_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
