"""Thi Đua: the platform on which a Vietnamese public agency sets and cascades goals, runs
emulation and commendation by the law, carries out Party work and assists every member."""
