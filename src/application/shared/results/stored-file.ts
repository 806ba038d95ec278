export interface StoredFile {
  readonly content: Uint8Array;
  readonly mode: number;
}
