# Embeds a data file in an object through the assembler's .incbin, so that the
# data costs nothing to load and nothing to compile (a generated C array of a
# few megabytes takes the compiler minutes; .incbin takes milliseconds).
function(iamtrim_embed_file out_var symbol file)
  set(IAMTRIM_EMBED_SYMBOL ${symbol})
  set(IAMTRIM_EMBED_FILE ${file})
  set(asm ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.S)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/embed.S.in ${asm} @ONLY)
  set_source_files_properties(${asm} PROPERTIES OBJECT_DEPENDS ${file})
  set(${out_var} ${asm} PARENT_SCOPE)
endfunction()
