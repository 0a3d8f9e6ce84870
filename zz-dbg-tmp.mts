import { diff3Regions, mergeWords, tokenize } from './src-shared/sync/merge-words.ts';
const show = (base: string[], ours: string[], theirs: string[]) => {
  console.log('words', JSON.stringify(mergeWords(base, ours, theirs)));
};
show(['base line 0', 'base line 1', '- [ ] todo'], ['base line 1', 'ours added 0', '- [ ] todo'], ['theirs added 0', 'base line 0', '- [ ] todo']);
show(['line (note) line line line the'], ['line (note) line A3x6 line line the'], ['line (note) B3x4 line line B3x9 the']);
show(['the cat sat', 'the dog ran'], ['the dog ran', 'the end'], ['the cat sat!', 'the dog ran']);
show(['the cat sat', 'the dog ran'], ['the dog ran', 'the end'], ['the cat sat', 'the dog ran!']);
show(['the cat sat', 'the dog ran'], ['the dog ran', 'the end'], ['the cat', 'the dog ran']);
