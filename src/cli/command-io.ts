/** Where a command writes: the process's streams, or a test's buffers. */
export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}
