// Preloaded into an app under test when BENCH_PROFILE=1 (NODE_OPTIONS=--require): records a V8 CPU
// profile for the process's life and writes it to BENCH_PROFILE_DIR at exit (open it in Chrome DevTools).
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
// Nest stops on SIGTERM by closing the app and re-raising the signal, so 'exit' never runs: write then.
let written = false;
const write = () => {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    const dir = process.env.BENCH_PROFILE_DIR;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `${process.argv[1].split('/').slice(-3).join('_')}-${process.pid}.cpuprofile`),
      JSON.stringify(result.profile),
    );
  });
};
process.on('exit', write);
process.once('SIGTERM', write);
