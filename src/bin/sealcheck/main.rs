fn main() {
    println!("sealcheck");
}
