# Width of one id in a materialised tree path: 7 digits + "/" per level, 31 levels in 255.
PATH_SEGMENT_WIDTH = 7
