"""Vietnamese text processing in pure Python (no Django): sentences, words, accent folding,
key points and retrieval. Models ship inside the installed packages; nothing is downloaded."""
