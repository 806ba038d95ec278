/** Where `mcp secret set` reads a value: never argv. */
export interface SecretInput {
  /** A prompt without echo when stdin is a terminal, else every byte of stdin. */
  read(question: string): Promise<Uint8Array>;
}
