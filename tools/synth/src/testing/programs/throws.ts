// A program for harness.spec.ts that fails as a program does: by throwing.
export default function program(): never {
  throw new Error('the program refuses: config is missing');
}
