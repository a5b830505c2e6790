// A program for harness.spec.ts that takes the process down with it.
export default function program(): void {
  process.stderr.write('about to die\n');
  process.exit(7);
}
