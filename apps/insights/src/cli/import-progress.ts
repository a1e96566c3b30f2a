/**
 * The import's progress line on a terminal (issue 21): lines read, their rate, and the time left, estimated
 * from the bytes of the file read so far (the file's line count is not known until its end).
 */
export function progressLine(p: {
  lines: number;
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
}): string {
  const sec = Math.max(0.001, p.elapsedMs / 1000);
  const rate = p.lines / sec;
  const done = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const left = done > 0 ? (sec / done) * (1 - done) : NaN;
  return (
    `${p.lines.toLocaleString('en-GB')} lines, ${Math.round(rate).toLocaleString('en-GB')} lines/s, ` +
    `${Math.floor(done * 100)}% of the file, ${Number.isFinite(left) ? `${duration(left)} left` : 'time left unknown'}`
  );
}

function duration(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${t % 60} s`;
  return `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min`;
}
