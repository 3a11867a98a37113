// Returns the number given as argv[1]: checks that main's return value
// becomes QEMU's (and run-qemu.sh's) exit status.
int main(int argc, char** argv) {
  if (argc < 2) return 100;
  int code = 0;
  for (const char* p = argv[1]; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9') return 101;
    code = code * 10 + (*p - '0');
  }
  return code;
}
