# Writes a C++ source holding the policy packs of policies/ as string constants, so the
# binary carries its packs: `extends: governance` works wherever mlgate is installed.
set(body "// Generated from policies/*.yaml by scripts/embed_packs.cmake. Do not edit.\n")
string(APPEND body "#include \"gate/config.h\"\nnamespace mlgate {\n")
string(APPEND body "const std::vector<EmbeddedPack>& EmbeddedPacks() {\n")
string(APPEND body "  static const std::vector<EmbeddedPack> packs = {\n")
foreach(pack IN LISTS PACKS)
  file(READ "${DIR}/${pack}.yaml" text)
  string(APPEND body "    {\"${pack}\", R\"mlgate_pack(${text})mlgate_pack\"},\n")
endforeach()
string(APPEND body "  };\n  return packs;\n}\n}  // namespace mlgate\n")
file(WRITE "${OUT}" "${body}")
