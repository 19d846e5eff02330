/**
 * A DO stand-in in a process of its own, for benchmarks whose measured process must not also pay
 * for serving DO's pages: prints `{"url","token"}` once listening, then one `{"path","page"}` line
 * per API request, and stops when its stdin closes.
 */
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../testkit/digitalocean/account.js';

const standin = new DoStandin(generatedAccount({ droplets: Number(process.env.STANDIN_DROPLETS ?? 0) }));
await standin.start();
standin.onRequest((req) => console.log(JSON.stringify(req)));
console.log(JSON.stringify({ url: standin.url, token: standin.token }));
process.stdin.resume();
process.stdin.on('end', () => void standin.stop().then(() => process.exit(0)));
