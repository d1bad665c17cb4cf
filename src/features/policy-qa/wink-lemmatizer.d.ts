// wink-lemmatizer ships no types; this is the part of its API the tokenizer uses.
declare module 'wink-lemmatizer' {
  interface Lemmatizer {
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  }
  const lemmatize: Lemmatizer;
  export default lemmatize;
}
